namespace FiveHundreds.Ingest.Intake;

// Counts every intake request that ends in a refusal on the ingest meter, by reason. The refusal itself is
// answered by ProblemExceptionHandler.
public sealed class DroppedEventFilter(IngestTelemetry telemetry) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex)
        {
            telemetry.Dropped(ex);
            throw;
        }
    }
}
