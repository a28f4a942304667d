using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.TriageApi.Client;

// Typed client of the triage API. The HttpClient it gets (see AddTriageApiClient) carries the base address, in
// the stack the ingest service through service discovery, and a handler that adds the bearer token.
public sealed class TriageApiClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = TriageJson.Options;

    public Task<IReadOnlyList<ProjectDto>> ListProjectsAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<ProjectDto>>("api/v1/projects", ct);

    public Task<IReadOnlyList<ProjectStorageDto>> ListProjectStorageAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<ProjectStorageDto>>("api/v1/projects/storage", ct);

    public Task<ProjectKeyDto> CreateProjectAsync(CreateProjectRequest request, CancellationToken ct = default) =>
        SendAsync<ProjectKeyDto>(HttpMethod.Post, "api/v1/projects", request, ct);

    public Task<ProjectKeyDto> RotateProjectKeyAsync(Guid projectId, CancellationToken ct = default) =>
        SendAsync<ProjectKeyDto>(HttpMethod.Post, $"api/v1/projects/{projectId}/key", null, ct);

    public async Task UpdateProjectAsync(Guid projectId, UpdateProjectRequest request, CancellationToken ct = default)
    {
        using var response = await http.PatchAsJsonAsync($"api/v1/projects/{projectId}", request, Json, ct);
        await EnsureSuccessAsync(response, ct);
    }

    public Task<AllowedOriginsDto> SetAllowedOriginsAsync(Guid projectId, IReadOnlyList<string> origins, CancellationToken ct = default) =>
        SendAsync<AllowedOriginsDto>(HttpMethod.Put, $"api/v1/projects/{projectId}/allowed-origins", new AllowedOriginsDto(origins), ct);

    public Task<RetentionDto> SetRetentionAsync(Guid projectId, int? retentionDays, CancellationToken ct = default) =>
        SendAsync<RetentionDto>(HttpMethod.Put, $"api/v1/projects/{projectId}/retention", new RetentionRequest(retentionDays), ct);

    public Task<IssuePageDto> ListIssuesAsync(IssueQuery query, CancellationToken ct = default) =>
        GetAsync<IssuePageDto>("api/v1/issues" + query.ToQueryString(), ct);

    public Task<IssueDetailDto> GetIssueAsync(Guid issueId, CancellationToken ct = default) =>
        GetAsync<IssueDetailDto>($"api/v1/issues/{issueId}", ct);

    public Task<EventPageDto> ListIssueEventsAsync(Guid issueId, string? cursor = null, int? limit = null, CancellationToken ct = default) =>
        GetAsync<EventPageDto>($"api/v1/issues/{issueId}/events" + UrlQuery.Of(("cursor", cursor), ("limit", limit?.ToString())), ct);

    // An issue and the first page of its events, asked at once. Both are awaited (so neither fails unobserved)
    // and read issue first: on an unknown id it is the issue's error that surfaces.
    public async Task<(IssueDetailDto Issue, EventPageDto Events)> GetIssueWithEventsAsync(Guid issueId, int? limit = null, CancellationToken ct = default)
    {
        var issue = GetIssueAsync(issueId, ct);
        var events = ListIssueEventsAsync(issueId, limit: limit, ct: ct);
        await Task.WhenAll(issue, events).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return (await issue, await events);
    }

    public Task<EventDto> GetEventAsync(Guid eventId, CancellationToken ct = default) =>
        GetAsync<EventDto>($"api/v1/events/{eventId}", ct);

    public Task<IssueSummaryDto> UpdateIssueStatusAsync(Guid issueId, IssueStatus status, CancellationToken ct = default) =>
        UpdateIssueAsync(issueId, new UpdateIssueRequest(status), ct);

    public Task<IssueSummaryDto> UpdateIssueAsync(Guid issueId, UpdateIssueRequest request, CancellationToken ct = default) =>
        SendAsync<IssueSummaryDto>(HttpMethod.Patch, $"api/v1/issues/{issueId}", request, ct);

    public Task<IssueSummaryDto> MergeIssuesAsync(Guid target, IReadOnlyList<Guid> issues, CancellationToken ct = default) =>
        SendAsync<IssueSummaryDto>(HttpMethod.Post, "api/v1/issues/merge", new MergeIssuesRequest(target, issues), ct);

    public Task<IssueSummaryDto> CreateIssueAsync(CreateIssueRequest request, CancellationToken ct = default) =>
        SendAsync<IssueSummaryDto>(HttpMethod.Post, "api/v1/issues", request, ct);

    public Task<TicketDto> CreateTicketFromIssueAsync(Guid issueId, CancellationToken ct = default) =>
        SendAsync<TicketDto>(HttpMethod.Post, $"api/v1/issues/{issueId}/ticket", null, ct);

    // The issue's activity log and comments, newest first, a page at a time.
    public Task<ActivityPageDto> ListIssueActivityAsync(Guid issueId, string? cursor = null, int? limit = null, CancellationToken ct = default) =>
        GetAsync<ActivityPageDto>($"api/v1/issues/{issueId}/activity" + UrlQuery.Of(("cursor", cursor), ("limit", limit?.ToString())), ct);

    public Task<ActivityEntryDto> AddCommentAsync(Guid issueId, string body, CancellationToken ct = default) =>
        SendAsync<ActivityEntryDto>(HttpMethod.Post, $"api/v1/issues/{issueId}/comments", new CreateCommentRequest(body), ct);

    public Task<IReadOnlyList<TicketDto>> ListTicketsAsync(Guid? project = null, TicketStatus? status = null, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<TicketDto>>("api/v1/tickets" + UrlQuery.Of(
            ("project", project?.ToString()),
            ("status", status is null ? null : WireWords.Of(status.Value))), ct);

    public Task<TicketDto> GetTicketAsync(Guid ticketId, CancellationToken ct = default) =>
        GetAsync<TicketDto>($"api/v1/tickets/{ticketId}", ct);

    public Task<TicketDto> UpdateTicketAsync(Guid ticketId, UpdateTicketRequest request, CancellationToken ct = default) =>
        SendAsync<TicketDto>(HttpMethod.Patch, $"api/v1/tickets/{ticketId}", request, ct);

    public Task<TokenCreatedDto> CreateTokenAsync(CreateTokenRequest request, CancellationToken ct = default) =>
        SendAsync<TokenCreatedDto>(HttpMethod.Post, "api/v1/tokens", request, ct);

    public Task<IReadOnlyList<TokenDto>> ListTokensAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<TokenDto>>("api/v1/tokens", ct);

    public async Task RevokeTokenAsync(Guid tokenId, CancellationToken ct = default)
    {
        using var response = await http.DeleteAsync($"api/v1/tokens/{tokenId}", ct);
        await EnsureSuccessAsync(response, ct);
    }

    public Task<SessionCreatedDto> SignInAsync(SignInRequest request, string? clientAddress = null, CancellationToken ct = default) =>
        StartSessionAsync("api/v1/sessions", request, clientAddress, ct);

    public Task<SessionCreatedDto> SignInWithSsoAsync(SsoSignInRequest request, string? clientAddress = null, CancellationToken ct = default) =>
        StartSessionAsync("api/v1/sessions/sso", request, clientAddress, ct);

    private async Task<SessionCreatedDto> StartSessionAsync<TRequest>(string path, TRequest request, string? clientAddress, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(request, options: Json) };
        if (clientAddress is not null)
        {
            message.Headers.Add(TriageHeaders.ClientAddress, clientAddress);
        }
        using var response = await http.SendAsync(message, ct);
        return await ReadAsync<SessionCreatedDto>(response, ct);
    }

    public Task SignOutAsync(CancellationToken ct = default) => DeleteAsync("api/v1/sessions/current", ct);

    public Task<CallerDto> GetCallerAsync(CancellationToken ct = default) => GetAsync<CallerDto>("api/v1/me", ct);

    public Task ChangePasswordAsync(ChangePasswordRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Put, "api/v1/me/password", request, ct);

    public Task<IReadOnlyList<SessionDto>> ListSessionsAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<SessionDto>>("api/v1/me/sessions", ct);

    public Task RevokeSessionAsync(Guid sessionId, CancellationToken ct = default) => DeleteAsync($"api/v1/me/sessions/{sessionId}", ct);

    // "Sign out everywhere": every session of the caller, the current one included.
    public Task RevokeAllSessionsAsync(CancellationToken ct = default) => DeleteAsync("api/v1/me/sessions", ct);

    public Task<IReadOnlyList<TokenDto>> ListPersonalTokensAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<TokenDto>>("api/v1/me/tokens", ct);

    public Task<TokenCreatedDto> CreatePersonalTokenAsync(CreateTokenRequest request, CancellationToken ct = default) =>
        SendAsync<TokenCreatedDto>(HttpMethod.Post, "api/v1/me/tokens", request, ct);

    public Task RevokePersonalTokenAsync(Guid tokenId, CancellationToken ct = default) => DeleteAsync($"api/v1/me/tokens/{tokenId}", ct);

    public Task<IReadOnlyList<PersonDto>> ListPeopleAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<PersonDto>>("api/v1/people", ct);

    public Task<IReadOnlyList<MemberDto>> ListMembersAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<MemberDto>>("api/v1/members", ct);

    public Task<MemberDto> UpdateMemberAsync(Guid memberId, UpdateMemberRequest request, CancellationToken ct = default) =>
        SendAsync<MemberDto>(HttpMethod.Patch, $"api/v1/members/{memberId}", request, ct);

    public Task RemoveMemberAsync(Guid memberId, CancellationToken ct = default) => DeleteAsync($"api/v1/members/{memberId}", ct);

    public Task<InviteCreatedDto> CreateInviteAsync(CreateInviteRequest request, CancellationToken ct = default) =>
        SendAsync<InviteCreatedDto>(HttpMethod.Post, "api/v1/invites", request, ct);

    public Task<IReadOnlyList<InviteDto>> ListInvitesAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<InviteDto>>("api/v1/invites", ct);

    public Task RevokeInviteAsync(Guid inviteId, CancellationToken ct = default) => DeleteAsync($"api/v1/invites/{inviteId}", ct);

    public Task<MemberDto> AcceptInviteAsync(AcceptInviteRequest request, CancellationToken ct = default) =>
        SendAsync<MemberDto>(HttpMethod.Post, "api/v1/invites/accept", request, ct);

    public Task<IssueSummaryDto> AssignIssueAsync(Guid issueId, Guid? assignee, CancellationToken ct = default) =>
        SendAsync<IssueSummaryDto>(HttpMethod.Put, $"api/v1/issues/{issueId}/assignee", new AssignIssueRequest(assignee), ct);

    public Task<IReadOnlyList<AlertDestinationDto>> ListAlertDestinationsAsync(Guid projectId, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<AlertDestinationDto>>($"api/v1/projects/{projectId}/alerts/destinations", ct);

    public Task<AlertDestinationCreatedDto> CreateAlertDestinationAsync(Guid projectId, CreateAlertDestinationRequest request, CancellationToken ct = default) =>
        SendAsync<AlertDestinationCreatedDto>(HttpMethod.Post, $"api/v1/projects/{projectId}/alerts/destinations", request, ct);

    public async Task DeleteAlertDestinationAsync(Guid projectId, Guid destinationId, CancellationToken ct = default)
    {
        using var response = await http.DeleteAsync($"api/v1/projects/{projectId}/alerts/destinations/{destinationId}", ct);
        await EnsureSuccessAsync(response, ct);
    }

    public Task<IReadOnlyList<AlertRuleDto>> ListAlertRulesAsync(Guid projectId, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<AlertRuleDto>>($"api/v1/projects/{projectId}/alerts/rules", ct);

    public Task<AlertRuleDto> CreateAlertRuleAsync(Guid projectId, AlertRuleRequest request, CancellationToken ct = default) =>
        SendAsync<AlertRuleDto>(HttpMethod.Post, $"api/v1/projects/{projectId}/alerts/rules", request, ct);

    public Task<AlertRuleDto> UpdateAlertRuleAsync(Guid projectId, Guid ruleId, AlertRuleRequest request, CancellationToken ct = default) =>
        SendAsync<AlertRuleDto>(HttpMethod.Put, $"api/v1/projects/{projectId}/alerts/rules/{ruleId}", request, ct);

    public async Task DeleteAlertRuleAsync(Guid projectId, Guid ruleId, CancellationToken ct = default)
    {
        using var response = await http.DeleteAsync($"api/v1/projects/{projectId}/alerts/rules/{ruleId}", ct);
        await EnsureSuccessAsync(response, ct);
    }

    // Sends a made-up alert to each of the rule's destinations now and answers how each went.
    public Task<IReadOnlyList<AlertDeliveryDto>> SendTestAlertAsync(Guid projectId, Guid ruleId, CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<AlertDeliveryDto>>(HttpMethod.Post, $"api/v1/projects/{projectId}/alerts/rules/{ruleId}/test", null, ct);

    public Task<IReadOnlyList<AlertDeliveryDto>> ListAlertDeliveriesAsync(
        Guid projectId, Guid? rule = null, Guid? destination = null, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<AlertDeliveryDto>>(
            $"api/v1/projects/{projectId}/alerts/deliveries{UrlQuery.Of(("rule", rule?.ToString()), ("destination", destination?.ToString()))}", ct);

    public Task<IReadOnlyList<AlertDeliveryDto>> ListIssueAlertsAsync(Guid issueId, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<AlertDeliveryDto>>($"api/v1/issues/{issueId}/alerts", ct);

    private async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        return await ReadAsync<T>(response, ct);
    }

    private async Task DeleteAsync(string path, CancellationToken ct)
    {
        using var response = await http.DeleteAsync(path, ct);
        await EnsureSuccessAsync(response, ct);
    }

    private async Task SendAsync(HttpMethod method, string path, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, body.GetType(), options: Json) };
        using var response = await http.SendAsync(request, ct);
        await EnsureSuccessAsync(response, ct);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json),
        };
        using var response = await http.SendAsync(request, ct);
        return await ReadAsync<T>(response, ct);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        await EnsureSuccessAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<T>(Json, ct)
            ?? throw new TriageApiException(response.StatusCode, "Empty answer", null);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        ProblemAnswer? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync<ProblemAnswer>(Json, ct);
            }
            catch (JsonException)
            {
                // Not a problem document after all: the status code still says what happened.
            }
        }
        throw new TriageApiException(response.StatusCode, problem?.Title ?? ReasonOf(response.StatusCode), problem?.Detail);
    }

    private static string ReasonOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => "Not found",
        _ => status.ToString(),
    };
}

// Query is the search syntax as typed (is:, level:, release:, tag:value, words); the triage API reads it.
// Assignee: AssigneeWords.Me, AssigneeWords.Unassigned or a person's id; null for everyone's.
public sealed record IssueQuery(
    string? Project = null, IssueStatusFilter Status = IssueStatusFilter.Unresolved, string? Query = null,
    string? Cursor = null, int? Limit = null, string? Environment = null, string? Release = null, string? Assignee = null)
{
    public string ToQueryString() => UrlQuery.Of(
        ("project", Project),
        ("status", WireWords.Of(Status)),
        ("query", string.IsNullOrWhiteSpace(Query) ? null : Query),
        ("environment", string.IsNullOrWhiteSpace(Environment) ? null : Environment),
        ("release", string.IsNullOrWhiteSpace(Release) ? null : Release),
        ("cursor", Cursor),
        ("limit", Limit?.ToString()),
        ("assignee", Assignee));
}

// Builds "?name=value&..." from the parameters that have a value, each value escaped; "" when none has one.
// Not named QueryString so as not to clash with Microsoft.AspNetCore.Http.QueryString in ASP.NET Core apps.
public static class UrlQuery
{
    public static string Of(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }
}
