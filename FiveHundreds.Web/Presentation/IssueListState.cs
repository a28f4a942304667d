using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Web.Presentation;

// What the issue list shows — project, status filter, search (the triage API's syntax, passed on as typed),
// environment and release filters, assignee (AssigneeWords) and page (a cursor) — kept in the URL so that a link
// reproduces the view. Defaults are left out of the URL to keep links short.
public sealed record IssueListState(
    string? Project = null, IssueStatusFilter Status = IssueStatusFilter.Unresolved, string? Query = null, string? Cursor = null,
    string? Environment = null, string? Release = null, string? Assignee = null)
{
    public const int PageSize = 25;

    public static IssueListState FromQuery(
        string? project, string? status, string? query, string? cursor, string? environment = null, string? release = null,
        string? assignee = null) => new(
        TrimmedOrNull(project),
        WireWords.TryParse<IssueStatusFilter>(status, out var parsed) ? parsed : IssueStatusFilter.Unresolved,
        TrimmedOrNull(query),
        TrimmedOrNull(cursor),
        TrimmedOrNull(environment),
        TrimmedOrNull(release),
        TrimmedOrNull(assignee));

    // Changing what is shown starts again at the first page: an old cursor belongs to another result.
    public IssueListState WithStatus(IssueStatusFilter status) => this with { Status = status, Cursor = null };

    public IssueListState WithQuery(string? query) => this with { Query = TrimmedOrNull(query), Cursor = null };

    public IssueListState WithProject(string? project) => this with { Project = TrimmedOrNull(project), Cursor = null };

    public IssueListState WithEnvironment(string? environment) => this with { Environment = TrimmedOrNull(environment), Cursor = null };

    public IssueListState WithRelease(string? release) => this with { Release = TrimmedOrNull(release), Cursor = null };

    public IssueListState WithAssignee(string? assignee) => this with { Assignee = TrimmedOrNull(assignee), Cursor = null };

    public IssueListState WithCursor(string? cursor) => this with { Cursor = TrimmedOrNull(cursor) };

    public IssueQuery ToApiQuery() => new(Project, Status, Query, Cursor, PageSize, Environment, Release, Assignee);

    public string ToUrl() => "/" + UrlQuery.Of(
        ("project", Project),
        ("status", Status == IssueStatusFilter.Unresolved ? null : WireWords.Of(Status)),
        ("query", Query),
        ("environment", Environment),
        ("release", Release),
        ("assignee", Assignee),
        ("cursor", Cursor));

    // How the state keeps a parameter: trimmed, or null when blank (so that "" and "  " mean "not given").
    public static string? TrimmedOrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
