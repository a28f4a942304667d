using System.Globalization;
using FiveHundreds.Ingest.Intake.Otlp.Proto;
using Google.Protobuf.Collections;

namespace FiveHundreds.Ingest.Intake.Otlp;

// Reads attributes by their semantic-convention names (https://opentelemetry.io/docs/specs/semconv/).
public static class OtlpAttributes
{
    public const string ExceptionType = "exception.type";
    public const string ExceptionMessage = "exception.message";
    public const string ExceptionStacktrace = "exception.stacktrace";
    public const string ExceptionEscaped = "exception.escaped";

    public static string? Text(this RepeatedField<KeyValue> attributes, string key)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Key == key)
            {
                return Text(attribute.Value);
            }
        }
        return null;
    }

    public static string? Text(this RepeatedField<KeyValue> attributes, string key, string fallbackKey) =>
        attributes.Text(key) ?? attributes.Text(fallbackKey);

    public static bool HasAny(this RepeatedField<KeyValue> attributes, params ReadOnlySpan<string> keys)
    {
        foreach (var attribute in attributes)
        {
            if (keys.Contains(attribute.Key))
            {
                return true;
            }
        }
        return false;
    }

    public static string? Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        _ => null,
    };
}
