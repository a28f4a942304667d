namespace FiveHundreds.Ingest.Intake.Otlp;

// The two encodings of OTLP/HTTP; an answer is written in the encoding of its request.
public enum OtlpEncoding
{
    Protobuf,
    Json,
}

public static class OtlpContentTypes
{
    public const string Protobuf = "application/x-protobuf";
    public const string Json = "application/json";

    public static OtlpEncoding? EncodingOf(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim();
        return mediaType switch
        {
            _ when string.Equals(mediaType, Protobuf, StringComparison.OrdinalIgnoreCase) => OtlpEncoding.Protobuf,
            _ when string.Equals(mediaType, Json, StringComparison.OrdinalIgnoreCase) => OtlpEncoding.Json,
            _ => null,
        };
    }

    public static string Of(OtlpEncoding encoding) => encoding == OtlpEncoding.Json ? Json : Protobuf;
}
