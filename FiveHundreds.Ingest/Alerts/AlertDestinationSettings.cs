using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace FiveHundreds.Ingest.Alerts;

// What a destination needs to be reached, kept encrypted in the database and never answered again.
public sealed record AlertDestinationSettings(string? Url, string? SigningSecret, IReadOnlyList<string>? Recipients);

public sealed class AlertDestinationProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("FiveHundreds.Alerts.DestinationSettings.v1");

    public string Protect(AlertDestinationSettings settings) => _protector.Protect(JsonSerializer.Serialize(settings));

    public AlertDestinationSettings Unprotect(string protectedSettings) =>
        JsonSerializer.Deserialize<AlertDestinationSettings>(_protector.Unprotect(protectedSettings))!;
}
