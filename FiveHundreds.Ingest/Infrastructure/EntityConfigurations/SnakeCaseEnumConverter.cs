using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

// Stores an enum as the same snake_case word the API shows ("in_progress"), readable in psql.
internal sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => ToDatabase(value),
    text => FromDatabase(text))
    where TEnum : struct, Enum
{
    // Worked out once per enum, not per row: the intake writes a level with every event.
    private static readonly FrozenDictionary<TEnum, string> Words =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    public static string ToDatabase(TEnum value) => Words[value];

    public static TEnum FromDatabase(string text) => Enum.Parse<TEnum>(text.Replace("_", ""), true);
}
