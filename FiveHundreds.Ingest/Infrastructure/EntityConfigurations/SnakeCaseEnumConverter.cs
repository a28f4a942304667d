using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

// Stores an enum as the same word the API shows ("in_progress"), readable in psql.
internal sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => WireWords.Of(value),
    text => WireWords.Parse<TEnum>(text))
    where TEnum : struct, Enum
{
    // For the intake's raw SQL parameters, which bypass EF's conversion.
    public static string ToDatabase(TEnum value) => WireWords.Of(value);
}
