using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

// Check constraints on columns that store an enum's wire words, built from the enum itself: a value added to the
// enum is allowed by the next migration instead of refused by a constraint someone forgot to extend.
internal static class WordConstraints
{
    public static string OneOf<T>(string column) where T : struct, Enum =>
        $"{column} IN ({string.Join(", ", WireWords.All<T>().Select(word => $"'{word}'"))})";
}
