using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

// Stores an enum as the same snake_case word the API shows ("in_progress"), readable in psql.
internal sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()),
    text => Enum.Parse<TEnum>(text.Replace("_", ""), true))
    where TEnum : struct, Enum
{
    public static string ToDatabase(TEnum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
