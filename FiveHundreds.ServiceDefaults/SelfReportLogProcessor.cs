using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Microsoft.Extensions.Hosting;

// Sends a FiveHundreds service's own exceptions to FiveHundreds' OTLP intake, beside the export to the Aspire
// dashboard: only log records that carry an exception, as only those become events. Two kinds are never sent,
// so that reporting cannot loop: whatever is logged while the ingest handles an OTLP request (it runs with
// instrumentation suppressed), and the intake's own logs (a failed write of a reported exception would
// otherwise be reported, and fail, again).
public sealed class SelfReportLogProcessor(BaseExporter<LogRecord> exporter) : BatchLogRecordExportProcessor(exporter)
{
    public const string IntakeCategoryPrefix = "FiveHundreds.Ingest.Intake";

    public override void OnEnd(LogRecord data)
    {
        if (data.Exception is null || Sdk.SuppressInstrumentation
            || data.CategoryName?.StartsWith(IntakeCategoryPrefix, StringComparison.Ordinal) == true)
        {
            return;
        }
        base.OnEnd(data);
    }
}
