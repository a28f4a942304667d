using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FiveHundreds.Sdk;

// The intake's event format: snake_case on the wire through SdkJsonContext.
public sealed class SdkEvent
{
    public Guid EventId { get; init; } = Guid.NewGuid();

    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;

    public string Platform { get; init; } = "csharp";

    public string Level { get; init; } = "error";

    public string? Message { get; init; }

    public string? Release { get; init; }

    public string? ServerName { get; init; }

    public SdkExceptionList? Exception { get; init; }

    public SdkRequest? Request { get; init; }

    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public SdkInfo Sdk { get; init; } = SdkInfo.Current;
}

public sealed record SdkInfo(string Name, string Version)
{
    public static SdkInfo Current { get; } = new("fivehundreds.dotnet",
        typeof(SdkInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
}

public sealed record SdkExceptionList(IReadOnlyList<SdkException> Values);

public sealed record SdkException(string Type, string? Value, string? Module, SdkStacktrace? Stacktrace);

public sealed record SdkStacktrace(IReadOnlyList<SdkFrame> Frames);

public sealed class SdkFrame
{
    public string? Filename { get; init; }

    public string? AbsPath { get; init; }

    public string? Function { get; init; }

    public string? Module { get; init; }

    public int? Lineno { get; init; }

    public int? Colno { get; init; }

    public bool InApp { get; init; }

    // Filled by a background worker (file I/O), never on the capturing thread.
    public IReadOnlyList<string>? PreContext { get; set; }

    public string? ContextLine { get; set; }

    public IReadOnlyList<string>? PostContext { get; set; }
}

public sealed class SdkRequest
{
    public string? Url { get; init; }

    public string? Method { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public string? QueryString { get; init; }

    // A JSON or form body parsed into fields and scrubbed; a body that cannot be parsed whole (cut at
    // MaxRequestBodyBytes, malformed, or of another type) is not sent.
    public JsonNode? Data { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SdkEvent))]
internal sealed partial class SdkJsonContext : JsonSerializerContext;
