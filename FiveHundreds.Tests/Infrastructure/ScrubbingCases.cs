using System.Text.Json;
using System.Text.Json.Serialization;
using FiveHundreds.Sdk;

namespace FiveHundreds.Tests.Infrastructure;

// One row of testdata/scrubbing-cases.json, the table that the intake's, the .NET SDK's and the Python SDK's
// scrubbing tests all read.
public sealed record ScrubbingCase(
    string Case, string Where, string? Name, string Value, string? Stored, string? Secret, bool Sdks,
    [property: JsonPropertyName("extra_names")] IReadOnlyList<string>? ExtraNames, bool Ip)
{
    public IReadOnlyList<string> Names => ExtraNames ?? [];

    // The test's name in xunit's output.
    public override string ToString() => Case;
}

public static class ScrubbingCases
{
    private sealed record Table(IReadOnlyList<ScrubbingCase> Cases);

    public static IReadOnlyList<ScrubbingCase> All { get; } = Load();

    // For [MemberData]: every case, or those the SDKs apply too.
    public static TheoryData<ScrubbingCase> Every => [.. All];

    public static TheoryData<ScrubbingCase> ForSdks => [.. All.Where(c => c.Sdks)];

    private static IReadOnlyList<ScrubbingCase> Load()
    {
        var root = SourceRootLocator.Find(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("No repository found above " + AppContext.BaseDirectory);
        using var file = File.OpenRead(Path.Combine(root, "testdata", "scrubbing-cases.json"));
        return JsonSerializer.Deserialize<Table>(file, new JsonSerializerOptions(JsonSerializerDefaults.Web))!.Cases;
    }
}
