using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

[Collection(IngestCollection.Name)]
public sealed class IntakeTests(IngestFixture ingest)
{
    [Fact]
    public async Task A_first_event_creates_an_issue_titled_by_its_exception_with_its_app_frame_as_culprit()
    {
        var project = await ingest.CreateProjectAsync();
        var accepted = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());

        Assert.True(accepted.NewIssue);
        var detail = await ingest.CreateTriageClient().GetIssueAsync(accepted.IssueId);
        Assert.Equal("ZeroDivisionError: division by zero", detail.Issue.Title);
        Assert.Equal("shop.views in checkout", detail.Issue.Culprit);
        Assert.Equal(1, detail.Issue.EventCount);
        var frames = detail.LatestEvent!.Exception!.Values[0].Stacktrace!.Frames;
        Assert.Equal(["_get_response", "checkout"], frames.Select(f => f.Function));
        Assert.False(frames[0].InApp);
        Assert.Equal("    line 42 of checkout", frames[1].ContextLine);
    }

    [Fact]
    public async Task A_line_change_a_library_change_and_a_new_release_folder_stay_in_one_issue()
    {
        var project = await ingest.CreateProjectAsync();
        var first = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout(line: 42).Json());

        var moved = EventSamples.DivisionInCheckout(line: 57);
        var lib = (JsonObject)moved["exception"]!["values"]![0]!["stacktrace"]!["frames"]![0]!;
        lib["filename"] = "django/core/handlers/exception.py";
        lib["function"] = "inner";
        moved["exception"]!["values"]![0]!["stacktrace"]!["frames"]![1]!["abs_path"] = "/srv/shop/releases/143/shop/views.py";
        var second = await ingest.SendEventAsync(project.Key, moved.Json());

        Assert.Equal(first.IssueId, second.IssueId);
        Assert.False(second.NewIssue);
        Assert.Equal(2, (await ingest.CreateTriageClient().GetIssueAsync(first.IssueId)).Issue.EventCount);
    }

    [Fact]
    public async Task A_different_app_function_is_a_different_issue()
    {
        var project = await ingest.CreateProjectAsync();
        var a = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout(function: "checkout").Json());
        var b = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout(function: "cart").Json());
        Assert.NotEqual(a.IssueId, b.IssueId);
    }

    [Fact]
    public async Task A_retried_event_id_stores_nothing_new_and_answers_the_same_issue()
    {
        var project = await ingest.CreateProjectAsync();
        var body = EventSamples.DivisionInCheckout().Json();
        var first = await ingest.SendEventAsync(project.Key, body);
        var retry = await ingest.SendEventAsync(project.Key, body);

        Assert.Equal(first.IssueId, retry.IssueId);
        Assert.False(retry.NewIssue);
        Assert.Equal(1, (await ingest.CreateTriageClient().GetIssueAsync(first.IssueId)).Issue.EventCount);
        Assert.Equal(1L, await ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE issue_id = @id", ("id", first.IssueId)));
    }

    [Fact]
    public async Task A_retry_with_another_timestamp_and_a_later_arrival_stores_nothing_new()
    {
        var project = await ingest.CreateProjectAsync();
        var original = EventSamples.DivisionInCheckout();
        var first = await ingest.SendEventAsync(project.Key, original.Json());
        // The events table is partitioned by arrival time, so its own keys include time; the same event id sent
        // again, stamped days earlier and arriving later, must still be recognised.
        var retry = original.DeepClone();
        retry["timestamp"] = DateTimeOffset.UtcNow.AddDays(-3).ToString("O");
        var answer = await ingest.SendEventAsync(project.Key, retry.Json());

        Assert.Equal((first.EventId, first.IssueId, false), (answer.EventId, answer.IssueId, answer.NewIssue));
        var issue = await ingest.CreateTriageClient().GetIssueAsync(first.IssueId);
        Assert.Equal((1L, 1L), (issue.Issue.EventCount, issue.EventsKept));
        Assert.Equal(1L, await ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p", ("p", project.Id)));
        Assert.Equal(1L, await ingest.QueryScalarAsync<long>(
            "SELECT sum(count) FROM issue_daily_counts WHERE issue_id = @id", ("id", first.IssueId)));
    }

    [Fact]
    public async Task A_hundred_concurrent_first_events_of_one_fingerprint_make_one_issue_counting_a_hundred()
    {
        var project = await ingest.CreateProjectAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
            ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json())));

        Assert.Single(answers.Select(a => a.IssueId).Distinct());
        Assert.Single(answers, a => a.NewIssue);
        var issue = (await ingest.CreateTriageClient().GetIssueAsync(answers[0].IssueId)).Issue;
        Assert.Equal(100, issue.EventCount);
        Assert.Equal(100L, await ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE issue_id = @id", ("id", issue.Id)));
    }

    [Fact]
    public async Task A_resolved_issue_that_receives_an_event_is_reopened_and_marked_regressed()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var first = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        await triage.UpdateIssueStatusAsync(first.IssueId, IssueStatus.Resolved);

        await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());

        var issue = (await triage.GetIssueAsync(first.IssueId)).Issue;
        Assert.Equal(IssueStatus.Unresolved, issue.Status);
        Assert.True(issue.Regressed);
    }

    [Fact]
    public async Task Secret_headers_variables_and_form_fields_are_stored_filtered()
    {
        var project = await ingest.CreateProjectAsync();
        var accepted = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        var stored = (await ingest.CreateTriageClient().GetIssueAsync(accepted.IssueId)).LatestEvent!;

        Assert.Equal("[Filtered]", stored.Request!.Headers!["Cookie"]);
        Assert.Equal("[Filtered]", stored.Request.Headers["X-Api-Key"]);
        Assert.Equal("test", stored.Request.Headers["User-Agent"]);
        Assert.Equal("[Filtered]", stored.Environment!["DATABASE_PASSWORD"]);
        Assert.Equal("shop.settings", stored.Environment["DJANGO_SETTINGS_MODULE"]);
        Assert.Equal("[Filtered]", stored.Request.Data!.Value.GetProperty("password").GetString());
        var raw = await ingest.QueryScalarAsync<string>("SELECT request::text || environment::text FROM events WHERE event_id = @id", ("id", accepted.EventId));
        Assert.DoesNotContain("hunter2", raw);
        Assert.DoesNotContain("s3cret", raw);
    }

    [Fact]
    public async Task A_gzip_body_is_accepted()
    {
        var project = await ingest.CreateProjectAsync();
        using var response = await ingest.PostEventAsync(project.Key, EventSamples.Gzip(EventSamples.DivisionInCheckout().Json()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_fields_are_kept_and_nul_characters_are_stored_replaced()
    {
        var project = await ingest.CreateProjectAsync();
        var body = EventSamples.DivisionInCheckout();
        body["exception"]!["values"]![0]!["value"] = "bad\u0000byte";
        body["contexts"] = new JsonObject { ["os"] = new JsonObject { ["name"] = "Linux\u0000" } };
        var accepted = await ingest.SendEventAsync(project.Key, body.Json());

        var stored = (await ingest.CreateTriageClient().GetIssueAsync(accepted.IssueId)).LatestEvent!;
        Assert.Equal("bad\uFFFDbyte", stored.Exception!.Values[0].Value);
        Assert.Equal("Linux\uFFFD", stored.Extra!.Value.GetProperty("contexts").GetProperty("os").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Over_long_strings_are_cut_and_the_event_notes_where()
    {
        var project = await ingest.CreateProjectAsync();
        var body = EventSamples.DivisionInCheckout();
        body["exception"]!["values"]![0]!["value"] = new string('v', 20_000);
        body["exception"]!["values"]![0]!["stacktrace"]!["frames"]![0]!["pre_context"] = new JsonArray("short", new string('c', 17_000));
        var accepted = await ingest.SendEventAsync(project.Key, body.Json());

        var stored = (await ingest.CreateTriageClient().GetIssueAsync(accepted.IssueId)).LatestEvent!;
        Assert.Equal(16 * 1024, stored.Exception!.Values[0].Value!.Length);
        var notes = stored.Extra!.Value.GetProperty("_fivehundreds_notes").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Equal(
            [
                "exception.values[0].stacktrace.frames[0].pre_context[1]: string cut from 17000 to 16384 characters",
                "exception.values[0].value: string cut from 20000 to 16384 characters",
            ],
            notes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_stacktrace_of_500_frames_keeps_the_first_and_last_and_says_it_was_cut()
    {
        var project = await ingest.CreateProjectAsync();
        var frames = Enumerable.Range(0, 500).Select(i => EventSamples.Frame($"app/f{i}.py", $"f{i}", i)).ToArray();
        var accepted = await ingest.SendEventAsync(project.Key, EventSamples.Event(EventSamples.Exception("RecursionError", "deep", frames)).Json());

        var stored = (await ingest.CreateTriageClient().GetIssueAsync(accepted.IssueId)).LatestEvent!;
        var stacktrace = stored.Exception!.Values[0].Stacktrace!;
        Assert.Equal(250, stacktrace.Frames.Count);
        Assert.Equal(250, stacktrace.FramesOmitted);
        Assert.Equal("f0", stacktrace.Frames[0].Function);
        Assert.Equal("f499", stacktrace.Frames[^1].Function);
        Assert.Contains("omitted", stored.Extra!.Value.GetProperty("_fivehundreds_notes")[0].GetString());
    }

    [Fact]
    public async Task A_cut_stacktrace_keeps_its_app_frames_so_grouping_and_culprit_survive()
    {
        var project = await ingest.CreateProjectAsync();
        var frames = Enumerable.Range(0, 300)
            .Select(i => i == 150
                ? EventSamples.Frame("shop/views.py", "checkout", 42, module: "shop.views")
                : EventSamples.Frame($"django/middleware/m{i}.py", $"call{i}", i, inApp: false))
            .ToArray();
        var accepted = await ingest.SendEventAsync(project.Key, EventSamples.Event(EventSamples.Exception("RecursionError", "deep", frames)).Json());

        var detail = await ingest.CreateTriageClient().GetIssueAsync(accepted.IssueId);
        Assert.Equal("shop.views in checkout", detail.Issue.Culprit);
        var kept = detail.LatestEvent!.Exception!.Values[0].Stacktrace!.Frames;
        Assert.Equal(250, kept.Count);
        Assert.Single(kept, f => f.InApp);
        Assert.Equal("call0", kept[0].Function);
        Assert.Equal("call299", kept[^1].Function);
    }

    [Theory]
    [InlineData("{not json", "(body)")]
    [InlineData("[1, 2]", "(body)")]
    [InlineData("""{"message": 42}""", "message")]
    [InlineData("""{"message": "m", "event_id": "nope"}""", "event_id")]
    [InlineData("""{"message": "m", "timestamp": "yesterday"}""", "timestamp")]
    [InlineData("""{"message": "m", "level": "catastrophic"}""", "level")]
    [InlineData("""{"exception": {"values": [{"type": "E", "stacktrace": {"frames": [{"lineno": "12"}]}}]}}""", "exception.values[0].stacktrace.frames[0].lineno")]
    [InlineData("""{"exception": {"values": "E"}}""", "exception.values")]
    [InlineData("""{"message": "m", "request": {"headers": 5}}""", "request.headers")]
    [InlineData("""{"level": "error"}""", "exception")]
    public async Task Malformed_or_mistyped_bodies_get_a_400_problem_naming_the_field(string body, string field)
    {
        var project = await ingest.CreateProjectAsync();
        using var response = await ingest.PostEventAsync(project.Key, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.StartsWith(field + ":", problem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_nested_deeper_than_64_levels_is_a_400()
    {
        var project = await ingest.CreateProjectAsync();
        var deep = """{"message": "m", "extra": """ + new string('[', 70) + new string(']', 70) + "}";
        using var response = await ingest.PostEventAsync(project.Key, deep);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("64", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_and_an_unknown_key_get_the_same_401()
    {
        using var missing = await ingest.PostEventAsync(null, EventSamples.DivisionInCheckout().Json());
        using var unknown = await ingest.PostEventAsync("fhk_not-a-key", EventSamples.DivisionInCheckout().Json());

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var a = await missing.Content.ReadFromJsonAsync<JsonObject>();
        var b = await unknown.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(a!["detail"]!.GetValue<string>(), b!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_over_the_limit_and_a_gzip_bomb_get_413()
    {
        var project = await ingest.CreateProjectAsync();
        var huge = EventSamples.DivisionInCheckout();
        huge["padding"] = new JsonArray([.. Enumerable.Range(0, 120).Select(_ => (JsonNode?)new string('x', 10_000))]);
        using var plain = await ingest.PostEventAsync(project.Key, huge.Json());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, plain.StatusCode);

        // 50 MB of spaces inside a valid JSON string compresses to about 50 KB.
        var bomb = "{\"message\": \"" + new string(' ', 50 * 1024 * 1024) + "\"}";
        using var compressed = await ingest.PostEventAsync(project.Key, EventSamples.Gzip(bomb));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, compressed.StatusCode);
    }

    [Fact]
    public async Task Over_the_rate_limit_events_get_429_with_retry_after_and_are_counted_as_dropped()
    {
        var project = await ingest.CreateProjectAsync(rateLimitPerMinute: 3);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await ingest.PostEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        // A minute boundary can fall inside the loop, so at least three pass and at least one is refused.
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Created), 3, 4);
        Assert.NotNull(limited);
        Assert.InRange(int.Parse(limited!.Headers.GetValues("Retry-After").Single()), 1, 60);

        var dropped = 0L;
        for (var attempt = 0; attempt < 50 && dropped == 0; attempt++)
        {
            await Task.Delay(200);
            dropped = (await ingest.CreateTriageClient().ListProjectsAsync()).Single(p => p.Id == project.Id).DroppedToday;
        }
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.TooManyRequests), dropped);
    }
}
