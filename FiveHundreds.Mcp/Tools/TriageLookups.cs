using System.Net;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using ModelContextProtocol;

namespace FiveHundreds.Mcp.Tools;

// Gives the triage API's "not found" answers their meaning for the argument that caused them, with what is
// valid instead.
public static class TriageLookups
{
    public const int MaxProjectsListed = 20;

    public static async Task<T> ForIssueAsync<T>(Guid issueId, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (TriageApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new McpException(
                $"There is no issue with id \"{issueId}\" that your token can see. Use list_issues to find valid issue ids.");
        }
    }

    // For a call that names a project (or none, when project is null): if the triage API turns it down as an unknown
    // reference and the project is the cause, says so with the valid projects; otherwise the API's own error stands.
    public static async Task<T> ForProjectAsync<T>(
        TriageApiClient triage, string? project, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (TriageApiException e) when (project is not null && IsUnknownReference(e))
        {
            await ThrowIfUnknownProjectAsync(triage, project, cancellationToken);
            throw;
        }
    }

    // The triage API says 404 or 400 for a project it does not know; this checks that the project really is the
    // cause and, if so, lists the projects the caller can use.
    public static async Task ThrowIfUnknownProjectAsync(TriageApiClient triage, string project, CancellationToken cancellationToken)
    {
        var projects = await triage.ListProjectsAsync(cancellationToken);
        if (projects.Any(p => Matches(p, project)))
        {
            return;
        }
        var listed = projects.Take(MaxProjectsListed).Select(p => $"\"{p.Slug}\" ({p.Name}, id {p.Id})");
        var more = projects.Count > MaxProjectsListed ? $", and {projects.Count - MaxProjectsListed} more" : "";
        throw new McpException(projects.Count == 0
            ? $"project \"{project}\" is unknown, and your token gives access to no project at all."
            : $"project \"{project}\" is unknown. Valid: a project's id or slug: {string.Join(", ", listed)}{more}.");
    }

    private static bool Matches(ProjectDto p, string project) =>
        string.Equals(p.Slug, project, StringComparison.OrdinalIgnoreCase)
        || (Guid.TryParse(project, out var id) && p.Id == id);

    private static bool IsUnknownReference(TriageApiException e) =>
        e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity;
}
