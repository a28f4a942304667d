using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

[Collection(IngestCollection.Name)]
public sealed class TriageApiTests(IngestFixture ingest)
{
    private async Task<(ProjectKeyDto Project, EventAcceptedDto Event)> ProjectWithIssueAsync(string type = "ZeroDivisionError")
    {
        var project = await ingest.CreateProjectAsync();
        return (project, await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout(type: type).Json()));
    }

    [Fact]
    public async Task Projects_are_created_with_a_key_shown_once_listed_and_found_by_slug()
    {
        var triage = ingest.CreateTriageClient();
        var created = await triage.CreateProjectAsync(new CreateProjectRequest("Shop Front!"));
        Assert.StartsWith("shop-front", created.Slug);
        Assert.StartsWith("fhk_", created.Key);

        var listed = (await triage.ListProjectsAsync()).Single(p => p.Id == created.Id);
        Assert.Equal(created.KeyPrefix, listed.KeyPrefix);
        Assert.DoesNotContain(created.Key, System.Text.Json.JsonSerializer.Serialize(listed, TriageJson.Options));

        await ingest.SendEventAsync(created.Key, EventSamples.DivisionInCheckout().Json());
        var page = await triage.ListIssuesAsync(new IssueQuery(Project: created.Slug));
        Assert.Single(page.Items);
        Assert.Equal(1, (await triage.ListProjectsAsync()).Single(p => p.Id == created.Id).EventsToday);
    }

    [Fact]
    public async Task Rotating_a_key_stops_the_old_one_at_once()
    {
        var (project, _) = await ProjectWithIssueAsync();
        var rotated = await ingest.CreateTriageClient().RotateProjectKeyAsync(project.Id);

        using var old = await ingest.PostEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        await ingest.SendEventAsync(rotated.Key, EventSamples.DivisionInCheckout().Json());
    }

    [Fact]
    public async Task Status_round_trip_moves_an_issue_between_the_filters_and_their_counts()
    {
        var (project, sent) = await ProjectWithIssueAsync();
        var triage = ingest.CreateTriageClient();

        var resolved = await triage.UpdateIssueStatusAsync(sent.IssueId, IssueStatus.Resolved);
        Assert.Equal(IssueStatus.Resolved, resolved.Status);
        var unresolvedPage = await triage.ListIssuesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.Unresolved));
        Assert.Empty(unresolvedPage.Items);
        Assert.Equal(new IssueCountsDto(0, 1, 0), unresolvedPage.Counts);
        Assert.Single((await triage.ListIssuesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.Resolved))).Items);

        await triage.UpdateIssueStatusAsync(sent.IssueId, IssueStatus.Unresolved);
        var all = await triage.ListIssuesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.All));
        Assert.Equal(IssueStatus.Unresolved, all.Items.Single().Status);
        Assert.Equal(new IssueCountsDto(1, 0, 0), all.Counts);
    }

    [Fact]
    public async Task Paging_neither_skips_nor_repeats_an_issue_while_new_events_arrive()
    {
        var project = await ingest.CreateProjectAsync();
        var original = new HashSet<Guid>();
        for (var i = 0; i < 23; i++)
        {
            original.Add((await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout(function: $"view{i}").Json())).IssueId);
        }

        var triage = ingest.CreateTriageClient();
        var seen = new List<Guid>();
        string? cursor = null;
        var round = 0;
        do
        {
            var page = await triage.ListIssuesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.All, Cursor: cursor, Limit: 5));
            Assert.True(page.Items.Zip(page.Items.Skip(1)).All(p => p.First.LastSeen >= p.Second.LastSeen));
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
            // Between pages: a brand-new issue, and a new event for an issue already shown.
            await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout(function: $"new{round++}").Json());
            await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout(function: "view22").Json());
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), original);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("'; DROP TABLE issues; --")]
    [InlineData("\\")]
    [InlineData("\"")]
    public async Task Search_treats_hostile_strings_as_plain_text(string hostile)
    {
        var project = await ingest.CreateProjectAsync();
        var plain = EventSamples.Event(EventSamples.Exception("ValueError", "ordinary message", EventSamples.Frame("app/x.py", "x", 1)));
        var special = EventSamples.Event(EventSamples.Exception("ValueError", $"contains {hostile} here", EventSamples.Frame("app/y.py", "y", 1)));
        await ingest.SendEventAsync(project.Key, plain.Json());
        var target = await ingest.SendEventAsync(project.Key, special.Json());

        // As a quoted phrase of the search syntax, so that spaces, quotes and colons are part of the text.
        var phrase = "\"" + hostile.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        var page = await ingest.CreateTriageClient().ListIssuesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.All, phrase));
        Assert.Equal([target.IssueId], page.Items.Select(i => i.Id));
        Assert.Equal(1, page.Counts.Unresolved);
    }

    [Fact]
    public async Task Search_finds_an_issue_by_its_culprit_and_by_a_cause_in_its_chain()
    {
        var project = await ingest.CreateProjectAsync();
        var chained = EventSamples.Event(
            EventSamples.Exception("ConnectionRefusedError", "redis at 10.0.0.5 refused", EventSamples.Frame("shop/cache.py", "get_cart", 3, module: "shop.cache")),
            EventSamples.Exception("CartUnavailable", "cart unavailable", EventSamples.Frame("shop/views.py", "show_cart", 9, module: "shop.views")));
        var sent = await ingest.SendEventAsync(project.Key, chained.Json());
        var triage = ingest.CreateTriageClient();

        Assert.Equal(sent.IssueId, (await triage.ListIssuesAsync(new IssueQuery(project.Slug, IssueStatusFilter.All, "REFUSED"))).Items.Single().Id);
        Assert.Equal(sent.IssueId, (await triage.ListIssuesAsync(new IssueQuery(project.Slug, IssueStatusFilter.All, "show_cart"))).Items.Single().Id);
    }

    [Fact]
    public async Task Issue_detail_has_the_latest_event_and_hourly_and_daily_counts_and_events_page_newest_first()
    {
        var (_, sent) = await ProjectWithIssueAsync();
        var project = (await ingest.CreateTriageClient().GetIssueAsync(sent.IssueId)).Issue.Project;
        var triage = ingest.CreateTriageClient();
        var key = (await triage.RotateProjectKeyAsync(project)).Key;
        var second = await ingest.SendEventAsync(key, EventSamples.DivisionInCheckout(line: 99).Json());

        var detail = await triage.GetIssueAsync(sent.IssueId);
        Assert.Equal(second.EventId, detail.LatestEvent!.EventId);
        Assert.Equal(24, detail.EventsPerHour.Count);
        Assert.Equal(30, detail.EventsPerDay.Count);
        Assert.Equal(2, detail.EventsPerHour[^1].Count);
        Assert.Equal(2, detail.EventsPerDay[^1].Count);
        Assert.Equal(2, detail.Issue.EventsLast24Hours[^1]);

        var events = await triage.ListIssueEventsAsync(sent.IssueId, limit: 1);
        Assert.Equal(second.EventId, events.Items.Single().EventId);
        var older = await triage.ListIssueEventsAsync(sent.IssueId, events.NextCursor, limit: 1);
        Assert.Equal(sent.EventId, older.Items.Single().EventId);
        Assert.Null(older.NextCursor);

        var full = await triage.GetEventAsync(older.Items.Single().Id);
        Assert.Equal("https://shop.example/checkout?x=1", full.Request!.Url);
    }

    [Fact]
    public async Task A_bug_reported_by_hand_becomes_an_issue_grouped_by_its_title()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var first = await triage.CreateIssueAsync(new CreateIssueRequest(project.Slug, "Checkout button misaligned", "On Safari 17 the button overlaps the footer.", EventLevel.Warning));
        var again = await triage.CreateIssueAsync(new CreateIssueRequest(project.Id.ToString(), "Checkout button misaligned", "Also on iPad.", EventLevel.Warning));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("Checkout button misaligned", first.Title);
        Assert.Equal(EventLevel.Warning, first.Level);
        var detail = await triage.GetIssueAsync(first.Id);
        Assert.Equal(2, detail.Issue.EventCount);
        Assert.Equal("Also on iPad.", detail.LatestEvent!.Message);
    }

    [Fact]
    public async Task A_ticket_is_created_once_per_issue_with_a_filled_in_description()
    {
        var (_, sent) = await ProjectWithIssueAsync();
        using var client = ingest.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ingest.AdminToken);

        using var first = await client.PostAsync($"/api/v1/issues/{sent.IssueId}/ticket", null);
        using var second = await client.PostAsync($"/api/v1/issues/{sent.IssueId}/ticket", null);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        var triage = ingest.CreateTriageClient();
        var ticket = await triage.CreateTicketFromIssueAsync(sent.IssueId);
        Assert.Equal(ticket.Id, (await triage.GetIssueAsync(sent.IssueId)).Issue.TicketId);
        Assert.Equal(TicketStatus.Backlog, ticket.Status);
        Assert.Contains("ZeroDivisionError", ticket.Description);
        Assert.Contains("→ shop/views.py:42 in checkout", ticket.Description);
        Assert.Contains("1 library frame", ticket.Description);
        Assert.Contains("POST https://shop.example/checkout?x=1", ticket.Description);
        Assert.Contains("DATABASE_PASSWORD", ticket.Description);
        Assert.DoesNotContain("s3cret", ticket.Description);
        Assert.Contains($"https://dashboard.test/issues/{sent.IssueId}", ticket.Description);

        var moved = await triage.UpdateTicketAsync(ticket.Id, new UpdateTicketRequest(TicketStatus.Done));
        Assert.Equal(TicketStatus.Done, moved.Status);
        Assert.Contains(ticket.Id, (await triage.ListTicketsAsync(ticket.Project, TicketStatus.Done)).Select(t => t.Id));
    }

    [Fact]
    public async Task Tokens_missing_wrong_revoked_and_limited_to_another_project_are_refused()
    {
        var (projectA, eventA) = await ProjectWithIssueAsync();
        var (projectB, eventB) = await ProjectWithIssueAsync();
        var admin = ingest.CreateTriageClient();
        var limited = await admin.CreateTokenAsync(new CreateTokenRequest("ci", TokenScope.Admin, [projectA.Id]));
        var asA = ingest.CreateTriageClient(limited.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<TriageApiException>(() => ingest.CreateTriageClient("").ListProjectsAsync())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<TriageApiException>(() => ingest.CreateTriageClient("fht_wrong").ListProjectsAsync())).StatusCode);

        Assert.Equal([projectA.Id], (await asA.ListProjectsAsync()).Select(p => p.Id));
        Assert.Equal(eventA.IssueId, (await asA.GetIssueAsync(eventA.IssueId)).Issue.Id);
        Assert.All((await asA.ListIssuesAsync(new IssueQuery(Status: IssueStatusFilter.All, Limit: 100))).Items, i => Assert.Equal(projectA.Id, i.Project));
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<TriageApiException>(() => asA.GetIssueAsync(eventB.IssueId))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<TriageApiException>(() => asA.UpdateIssueStatusAsync(eventB.IssueId, IssueStatus.Resolved))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<TriageApiException>(() => asA.CreateTicketFromIssueAsync(eventB.IssueId))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<TriageApiException>(() => asA.ListIssuesAsync(new IssueQuery(projectB.Slug)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<TriageApiException>(() => asA.CreateTokenAsync(new CreateTokenRequest("escalate", TokenScope.Admin, AllProjects: true)))).StatusCode);

        Assert.Contains(limited.Id, (await admin.ListTokensAsync()).Select(t => t.Id));
        await admin.RevokeTokenAsync(limited.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<TriageApiException>(() => asA.ListProjectsAsync())).StatusCode);
    }

    [Fact]
    public async Task Bad_triage_requests_are_400_problems_not_500s()
    {
        using var client = ingest.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ingest.AdminToken);
        foreach (var query in new[] { "status=open", "cursor=garbage", "limit=abc" })
        {
            using var response = await client.GetAsync($"/api/v1/issues?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        using var patch = await client.PatchAsync($"/api/v1/issues/{Guid.NewGuid()}", new StringContent("""{"status": "closed"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        using var project = await client.PostAsync("/api/v1/projects", new StringContent("""{"name": ""}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, project.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_including_intake()
    {
        using var client = ingest.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[] { "/api/v1/events", "/api/v1/projects", "/api/v1/issues", "/api/v1/issues/{id}", "/api/v1/issues/{id}/ticket",
                     "/api/v1/issues/{id}/activity", "/api/v1/issues/{id}/comments", "/api/v1/tickets", "/api/v1/tokens", "/api/v1/events/{id}" })
        {
            Assert.Contains(path, paths);
        }
    }
}
