using System.Net;
using System.Net.Http.Headers;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

// What each token scope may do with each triage endpoint, through the real in-process ingest: allowed on its
// own project, 403 beyond its scope, 404 for a project it was not given.
[Collection(IngestCollection.Name)]
public sealed class TokenScopeTests(IngestFixture ingest)
{
    // Admin of one project: its keys and settings, but not tokens or new projects, which reach every project.
    private const string ProjectAdmin = "admin of one project";
    private const string Everything = "admin of all projects";

    private sealed record Endpoint(HttpMethod Method, string Path, string? Body, string Needs);

    private sealed record Target(Guid Project, Guid Issue, Guid Event, Guid Ticket);

    private async Task<Target> ProjectWithTicketAsync()
    {
        var triage = ingest.CreateTriageClient();
        var project = await triage.CreateProjectAsync(new CreateProjectRequest("Scopes " + Guid.NewGuid().ToString("N")[..8]));
        var accepted = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        var issue = await triage.GetIssueAsync(accepted.IssueId);
        var ticket = await triage.CreateTicketFromIssueAsync(accepted.IssueId);
        return new Target(project.Id, accepted.IssueId, issue.LatestEvent!.Id, ticket.Id);
    }

    // Every triage endpoint with the scope it needs, aimed at the target's project.
    private static IEnumerable<Endpoint> Endpoints(Target t, Guid revocable) =>
    [
        new(HttpMethod.Get, "/api/v1/projects", null, nameof(TokenScope.Read)),
        new(HttpMethod.Get, $"/api/v1/issues?project={t.Project}", null, nameof(TokenScope.Read)),
        new(HttpMethod.Get, $"/api/v1/issues/{t.Issue}", null, nameof(TokenScope.Read)),
        new(HttpMethod.Get, $"/api/v1/issues/{t.Issue}/events", null, nameof(TokenScope.Read)),
        new(HttpMethod.Get, $"/api/v1/events/{t.Event}", null, nameof(TokenScope.Read)),
        new(HttpMethod.Get, $"/api/v1/tickets?project={t.Project}", null, nameof(TokenScope.Read)),
        new(HttpMethod.Get, $"/api/v1/tickets/{t.Ticket}", null, nameof(TokenScope.Read)),
        new(HttpMethod.Get, $"/api/v1/issues/{t.Issue}/activity", null, nameof(TokenScope.Read)),
        new(HttpMethod.Patch, $"/api/v1/issues/{t.Issue}", """{"status": "resolved"}""", nameof(TokenScope.Triage)),
        new(HttpMethod.Post, "/api/v1/issues", $$"""{"project": "{{t.Project}}", "title": "Checkout button is grey"}""", nameof(TokenScope.Triage)),
        new(HttpMethod.Post, $"/api/v1/issues/{t.Issue}/ticket", null, nameof(TokenScope.Triage)),
        new(HttpMethod.Patch, $"/api/v1/tickets/{t.Ticket}", """{"status": "in_progress"}""", nameof(TokenScope.Triage)),
        new(HttpMethod.Post, $"/api/v1/issues/{t.Issue}/comments", """{"body": "Looking into it."}""", nameof(TokenScope.Triage)),
        new(HttpMethod.Patch, $"/api/v1/projects/{t.Project}", """{"store_ip_addresses": true}""", nameof(TokenScope.Admin)),
        new(HttpMethod.Post, $"/api/v1/projects/{t.Project}/key", null, nameof(TokenScope.Admin)),
        new(HttpMethod.Get, "/api/v1/tokens", null, Everything),
        new(HttpMethod.Post, "/api/v1/tokens", """{"name": "more", "scope": "read", "all_projects": true}""", Everything),
        new(HttpMethod.Delete, $"/api/v1/tokens/{revocable}", null, Everything),
        new(HttpMethod.Post, "/api/v1/projects", """{"name": "Another"}""", Everything),
    ];

    private static readonly string[] Ranks = [nameof(TokenScope.Read), nameof(TokenScope.Triage), nameof(TokenScope.Admin), ProjectAdmin, Everything];

    private static bool Allows(string holder, string needs) => needs switch
    {
        Everything => holder == Everything,
        nameof(TokenScope.Admin) => holder is ProjectAdmin or Everything,
        _ => Array.IndexOf(Ranks, holder) >= Array.IndexOf(Ranks, needs),
    };

    [Fact]
    public async Task Each_scope_is_allowed_refused_or_shown_nothing_of_other_projects_by_each_endpoint()
    {
        var own = await ProjectWithTicketAsync();
        var other = await ProjectWithTicketAsync();
        var admin = ingest.CreateTriageClient();
        var tokens = new Dictionary<string, string>
        {
            [nameof(TokenScope.Read)] = (await admin.CreateTokenAsync(new CreateTokenRequest("read", TokenScope.Read, [own.Project]))).Token,
            [nameof(TokenScope.Triage)] = (await admin.CreateTokenAsync(new CreateTokenRequest("triage", TokenScope.Triage, [own.Project]))).Token,
            [ProjectAdmin] = (await admin.CreateTokenAsync(new CreateTokenRequest("project admin", TokenScope.Admin, [own.Project]))).Token,
            [Everything] = (await admin.CreateTokenAsync(new CreateTokenRequest("admin", TokenScope.Admin, AllProjects: true))).Token,
        };

        var wrong = new List<string>();
        foreach (var (holder, token) in tokens)
        {
            // Each holder revokes a token of its own, so that an allowed DELETE finds one to revoke.
            var revocable = (await admin.CreateTokenAsync(new CreateTokenRequest("revocable", TokenScope.Read, AllProjects: true))).Id;
            foreach (var endpoint in Endpoints(own, revocable))
            {
                var expected = Allows(holder, endpoint.Needs) ? "allowed" : "403";
                var answer = await SendAsync(token, endpoint);
                if (Outcome(answer) != expected)
                {
                    wrong.Add($"{holder} {endpoint.Method} {endpoint.Path}: {(int)answer} where {expected} was expected");
                }
            }
            // The other project's issue, event, ticket and settings: 404 for a token limited to its own project,
            // whatever the scope allows, so a token cannot tell another project's ids from made-up ones.
            foreach (var endpoint in Endpoints(other, Guid.NewGuid()).Where(e => e.Path.Contains(other.Project.ToString()) || e.Path.Contains(other.Issue.ToString())
                         || e.Path.Contains(other.Event.ToString()) || e.Path.Contains(other.Ticket.ToString()) || e.Body?.Contains(other.Project.ToString()) == true))
            {
                var expected = !Allows(holder, endpoint.Needs) ? "403" : holder == Everything ? "allowed" : "404";
                var answer = await SendAsync(token, endpoint);
                if (Outcome(answer) != expected)
                {
                    wrong.Add($"{holder} {endpoint.Method} {endpoint.Path} (other project): {(int)answer} where {expected} was expected");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private static string Outcome(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Forbidden => "403",
        HttpStatusCode.NotFound => "404",
        _ when (int)status is >= 200 and < 300 => "allowed",
        _ => ((int)status).ToString(),
    };

    private async Task<HttpStatusCode> SendAsync(string token, Endpoint endpoint)
    {
        using var client = ingest.CreateClient();
        using var request = new HttpRequestMessage(endpoint.Method, endpoint.Path)
        {
            Content = endpoint.Body is null ? null : new StringContent(endpoint.Body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("""{"name": "no projects", "scope": "read", "projects": []}""")]
    [InlineData("""{"name": "neither", "scope": "read"}""")]
    [InlineData("""{"name": "no scope", "all_projects": true}""")]
    [InlineData("""{"name": "both", "scope": "read", "all_projects": true, "projects": ["0197a0a0-0000-7000-8000-000000000001"]}""")]
    public async Task A_token_needs_a_scope_and_either_all_projects_or_a_list_that_is_not_empty(string body)
    {
        var answer = await SendAsync(ingest.AdminToken, new Endpoint(HttpMethod.Post, "/api/v1/tokens", body, Everything));

        Assert.Equal(HttpStatusCode.BadRequest, answer);
    }

    [Fact]
    public async Task Tokens_are_listed_with_their_scope_and_projects()
    {
        var target = await ProjectWithTicketAsync();
        var admin = ingest.CreateTriageClient();
        var created = await admin.CreateTokenAsync(new CreateTokenRequest("reader", TokenScope.Read, [target.Project]));

        var listed = (await admin.ListTokensAsync()).Single(t => t.Id == created.Id);

        Assert.Equal(TokenScope.Read, listed.Scope);
        Assert.False(listed.AllProjects);
        Assert.Equal([target.Project], listed.Projects);
    }
}
