using System.Net;
using FiveHundreds.Ingest.Retention;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.Tests.Ingest;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace FiveHundreds.Tests.Retention;

// Retention drops whole partitions of the database it runs on, so these tests get servers of their own.
public sealed class RetentionFixture : IngestFixture;

[CollectionDefinition(Name)]
public sealed class RetentionCollection : ICollectionFixture<RetentionFixture>
{
    public const string Name = "Retention";
}

[Collection(RetentionCollection.Name)]
public sealed class RetentionTests(RetentionFixture ingest)
{
    [Fact]
    public async Task Events_past_retention_disappear_while_counts_and_daily_totals_stay()
    {
        var triage = ingest.CreateTriageClient();
        var brief = await ingest.CreateProjectAsync();
        Assert.Equal(new RetentionDto(30, 30), await triage.SetRetentionAsync(brief.Id, 30));
        var lasting = await ingest.CreateProjectAsync();
        var briefIssue = (await SendAsync(brief.Key, 3))[0].IssueId;
        var lastingIssue = (await SendAsync(lasting.Key, 2))[0].IssueId;
        var briefBefore = (await triage.GetIssueAsync(briefIssue)).Issue;
        Assert.Equal((3L, 2L), ((await StorageIsWhatIsKeptAsync(brief.Id)).EventsKept, (await StorageIsWhatIsKeptAsync(lasting.Id)).EventsKept));
        var now = DateTimeOffset.UtcNow;

        try
        {
            var pastBrief = await RunAsync(PassAt(now.AddDays(40)));

            Assert.Equal((0, 3L), (pastBrief.PartitionsDropped, pastBrief.EventsPastProjectRetention));
            Assert.Equal((0L, 2L), (await EventsOfAsync(brief.Id), await EventsOfAsync(lasting.Id)));
            var briefAfter = await triage.GetIssueAsync(briefIssue);
            Assert.Equal((3L, 0L), (briefAfter.Issue.EventCount, briefAfter.EventsKept));
            Assert.Equal((briefBefore.FirstSeen, briefBefore.LastSeen), (briefAfter.Issue.FirstSeen, briefAfter.Issue.LastSeen));
            Assert.Equal(3L, briefAfter.EventsPerDay.Sum(d => d.Count));
            Assert.Equal(0L, await CountAsync("issue_hourly_counts", briefIssue));
            Assert.Equal(1L, await CountAsync("issue_hourly_counts", lastingIssue));
            Assert.Equal(NothingKept, Totals(await StorageIsWhatIsKeptAsync(brief.Id)));
            Assert.Equal(2L, (await StorageIsWhatIsKeptAsync(lasting.Id)).EventsKept);

            var pastEverything = await RunAsync(PassAt(now.AddDays(100)));

            Assert.True(pastEverything.PartitionsDropped >= 1);
            Assert.Equal(0L, await EventsOfAsync(lasting.Id));
            var lastingAfter = await triage.GetIssueAsync(lastingIssue);
            Assert.Equal((2L, 0L, 2L), (lastingAfter.Issue.EventCount, lastingAfter.EventsKept, lastingAfter.EventsPerDay.Sum(d => d.Count)));
            Assert.Equal((2L, 3L), (await CountAsync("issue_daily_counts", lastingIssue, "sum(count)"), await CountAsync("issue_daily_counts", briefIssue, "sum(count)")));
            Assert.Equal(0L, await ingest.QueryScalarAsync<long>("SELECT count(*) FROM event_keys WHERE project_id = @p", ("p", lasting.Id)));
            Assert.Equal(NothingKept, Totals(await StorageIsWhatIsKeptAsync(lasting.Id)));
        }
        finally
        {
            // Today's partition went with the rest; the ingest's own maintenance puts it back.
            await ingest.Factory.Services.GetRequiredService<EventPartitions>().CreateAheadAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_pass_deletes_at_most_the_batch_size_per_statement_until_every_event_past_retention_is_gone()
    {
        var triage = ingest.CreateTriageClient();
        var brief = await ingest.CreateProjectAsync();
        await triage.SetRetentionAsync(brief.Id, 30);
        var lasting = await ingest.CreateProjectAsync();
        await SendAsync(brief.Key, 7);
        await SendAsync(lasting.Key, 1);

        var report = await RunAsync(PassAt(DateTimeOffset.UtcNow.AddDays(40), batchSize: 2));

        Assert.Equal((7L, 2L), (report.EventsPastProjectRetention, report.LargestBatch));
        Assert.Equal(NothingKept, Totals(await StorageIsWhatIsKeptAsync(brief.Id)));
        Assert.Equal(1L, (await StorageIsWhatIsKeptAsync(lasting.Id)).EventsKept);
    }

    // Another writer (the intake's group commit) holds the project's storage counters and then waits for an event
    // the pass is deleting: PostgreSQL breaks the deadlock by rolling back the pass's statement, which waited first.
    // The statement runs again, and the pass still deletes every event past retention.
    [Fact]
    public async Task A_statement_of_the_pass_rolled_back_by_a_deadlock_runs_again()
    {
        var triage = ingest.CreateTriageClient();
        var brief = await ingest.CreateProjectAsync();
        await triage.SetRetentionAsync(brief.Id, 30);
        await ingest.CreateProjectAsync();
        await SendAsync(brief.Key, 3);
        await using var other = await DeadlockSession.OpenAsync(ingest);
        await other.ExecuteAsync($"UPDATE project_storage SET events = events WHERE project_id = '{brief.Id}'");
        await other.ExecuteAsync($"UPDATE project_storage_days SET events = events WHERE project_id = '{brief.Id}'");

        var pass = RunAsync(PassAt(DateTimeOffset.UtcNow.AddDays(40)));
        await other.WaitUntilAnotherWaitsAsync(ingest);
        await other.ExecuteAsync($"UPDATE events SET level = level WHERE project_id = '{brief.Id}'");
        await other.CommitAsync();

        Assert.Equal(3L, (await pass).EventsPastProjectRetention);
        Assert.Equal(NothingKept, Totals(await StorageIsWhatIsKeptAsync(brief.Id)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(2_000)]
    public async Task The_per_issue_cap_keeps_the_first_event_and_the_newest_and_counts_every_event(int batchSize)
    {
        var project = await ingest.CreateProjectAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var sent = new List<EventAcceptedDto>();
        for (var i = 0; i < 8; i++)
        {
            var body = EventSamples.DivisionInCheckout(function: "capped_" + project.Id.ToString("N")[..8]);
            body["timestamp"] = start.AddMinutes(i).ToString("O");
            sent.Add(await ingest.SendEventAsync(project.Key, body.Json()));
        }
        var issue = sent[0].IssueId;
        var pass = PassAt(DateTimeOffset.UtcNow, maxEventsPerIssue: 5, batchSize: batchSize);
        var before = await StorageIsWhatIsKeptAsync(project.Id);

        var report = await RunAsync(pass);

        Assert.Equal(3L, report.EventsOverIssueCap);
        var kept = await ingest.CreateTriageClient().ListIssueEventsAsync(issue, limit: 100);
        Assert.Equal([.. sent.Skip(4).Reverse().Select(e => e.EventId), sent[0].EventId], kept.Items.Select(e => e.EventId));
        var detail = await ingest.CreateTriageClient().GetIssueAsync(issue);
        Assert.Equal((8L, 5L), (detail.Issue.EventCount, detail.EventsKept));
        Assert.Equal(8L, detail.EventsPerHour.Sum(h => h.Count));
        Assert.Equal(0L, (await RunAsync(pass)).EventsOverIssueCap);
        var after = await StorageIsWhatIsKeptAsync(project.Id);
        Assert.Equal((8L, 5L), (before.EventsKept, after.EventsKept));
        Assert.InRange(after.StoredBytes, 1, before.StoredBytes - 1);
    }

    [Fact]
    public async Task A_project_cannot_keep_events_longer_than_the_maximum_and_null_restores_the_default()
    {
        var triage = ingest.CreateTriageClient();
        var project = await ingest.CreateProjectAsync();

        var refused = await Assert.ThrowsAsync<TriageApiException>(() => triage.SetRetentionAsync(project.Id, new RetentionOptions().MaxDays + 1));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<TriageApiException>(() => triage.SetRetentionAsync(project.Id, 0))).StatusCode);
        Assert.Equal(new RetentionDto(7, 7), await triage.SetRetentionAsync(project.Id, 7));
        Assert.Equal(new RetentionDto(null, new RetentionOptions().DefaultDays), await triage.SetRetentionAsync(project.Id, null));
    }

    [Fact]
    public async Task A_pass_is_skipped_while_another_replica_holds_the_retention_lock()
    {
        await using var otherReplica = new NpgsqlConnection(ingest.Postgres.ConnectionString(IngestFixture.DatabaseName));
        await otherReplica.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({RetentionPass.PassLockKey})", otherReplica))
        {
            await take.ExecuteNonQueryAsync();
        }

        Assert.Null(await PassAt(DateTimeOffset.UtcNow).TryRunAsync(CancellationToken.None));

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({RetentionPass.PassLockKey})", otherReplica))
        {
            await release.ExecuteNonQueryAsync();
        }
        Assert.NotNull(await RunAsync(PassAt(DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task Two_replicas_starting_passes_together_never_run_two_at_once()
    {
        await using var second = ingest.StartIngest();
        var replicas = new[] { ingest.Factory, second }.Select(f => f.Services.GetRequiredService<RetentionPass>()).ToArray();

        // The second replica runs its own first pass as it starts, paced and so not at once: while it holds the lock
        // every attempt here is turned away, so rounds of attempts go on until some of them ran.
        var ran = new List<RetentionReport>();
        for (var round = 1; ; round++)
        {
            var reports = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => replicas[i % 2].TryRunAsync(CancellationToken.None)));
            ran.AddRange(reports.OfType<RetentionReport>());
            if (ran.Count > 0)
            {
                break;
            }
            Assert.True(round < 100, "No attempt ever took the retention lock.");
            await Task.Delay(100);
        }

        ran.Sort((a, b) => a.Started.CompareTo(b.Started));
        Assert.All(ran.Zip(ran.Skip(1)), pair => Assert.True(pair.First.Finished <= pair.Second.Started, "two passes overlapped"));
    }

    // The project's storage as the API answers it (the counters), asserted equal to what its events really are:
    // how many, their counted sizes and the oldest one's arrival.
    private async Task<ProjectStorageDto> StorageIsWhatIsKeptAsync(Guid project)
    {
        var answer = (await ingest.CreateTriageClient().ListProjectStorageAsync()).Single(s => s.Project == project);
        var kept = await ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p", ("p", project));
        var bytes = await ingest.QueryScalarAsync<long>("SELECT coalesce(sum(stored_bytes), 0) FROM events WHERE project_id = @p", ("p", project));
        var oldest = await ingest.QueryScalarAsync<DateTime?>("SELECT min(received_at) FROM events WHERE project_id = @p", ("p", project));
        Assert.Equal((kept, bytes, oldest), Totals(answer));
        return answer;
    }

    private static readonly (long Events, long Bytes, DateTime? Oldest) NothingKept = (0, 0, null);

    private static (long Events, long Bytes, DateTime? Oldest) Totals(ProjectStorageDto storage) =>
        (storage.EventsKept, storage.StoredBytes, storage.OldestEventAt?.UtcDateTime);

    private async Task<List<EventAcceptedDto>> SendAsync(string key, int count)
    {
        var body = EventSamples.DivisionInCheckout(function: "retained_" + key[^8..]);
        var answers = new List<EventAcceptedDto>();
        for (var i = 0; i < count; i++)
        {
            body["event_id"] = Guid.NewGuid().ToString();
            answers.Add(await ingest.SendEventAsync(key, body.Json()));
        }
        return answers;
    }

    // The ingest's own timer may be running its pass (it runs one when it starts): wait for it, then run this one.
    private static async Task<RetentionReport> RunAsync(RetentionPass pass)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await pass.TryRunAsync(CancellationToken.None) is { } report)
            {
                return report;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The retention lock stayed taken.");
    }

    // The ingest's retention code on its database, with a clock that says when the pass runs.
    private RetentionPass PassAt(DateTimeOffset now, int maxEventsPerIssue = 10_000, int batchSize = 2_000)
    {
        var options = Options.Create(new RetentionOptions { MaxEventsPerIssue = maxEventsPerIssue, BatchSize = batchSize });
        var clock = new FakeTimeProvider(now);
        var dataSource = ingest.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        return new RetentionPass(dataSource, new EventPartitions(dataSource, options, clock), options, clock, NullLogger<RetentionPass>.Instance);
    }

    private Task<long> EventsOfAsync(Guid project) =>
        ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p", ("p", project));

    private Task<long> CountAsync(string table, Guid issue, string aggregate = "count(*)") =>
        ingest.QueryScalarAsync<long>($"SELECT coalesce({aggregate}, 0) FROM {table} WHERE issue_id = @i", ("i", issue));
}
