namespace FiveHundreds.Ingest.Triage;

public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    // Where the dashboard runs, for links in ticket descriptions; the AppHost sets it from web's endpoint.
    // Unset, descriptions carry no link.
    public string? BaseUrl { get; set; }

    // The issue's dashboard page, for tickets and alerts; null when the dashboard's address is unknown.
    public string? IssueUrl(Guid issueId) => BaseUrl is null ? null : $"{BaseUrl.TrimEnd('/')}/issues/{issueId}";
}
