namespace FiveHundreds.Ingest.Infrastructure.Entities;

// One element of the dashboard's Data Protection key ring (its sign-in cookies and antiforgery tokens). The
// dashboard reads and writes these rows itself; the ingest only owns the table's schema. Apart from the ingest's
// own ring (data_protection_keys), so that neither service holds the keys that protect the other's secrets.
public sealed class DashboardKey
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}
