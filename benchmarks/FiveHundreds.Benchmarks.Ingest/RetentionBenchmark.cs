using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using FiveHundreds.Ingest.Retention;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace FiveHundreds.Benchmarks.Ingest;

// The store at scale: seeds events of about 4 KB (100 per issue, over 5 projects, 30 days of daily partitions)
// with binary COPY straight into the partitions, prints the database size per million events, times the triage
// reads at that size, the drop of one day's partition, and the intake's throughput with and without a retention
// pass running at the same time (both measured in this run).
internal static class RetentionBenchmark
{
    private const int Projects = 5;
    private const int EventsPerIssue = 100;
    private const int SeedDays = 30;
    private const int Variants = 64;
    private const int Samples = 40;
    private const int IntakeBodies = 1_000;

    public static async Task<bool> RunAsync(BenchmarkEnvironment environment, BenchmarkOptions options)
    {
        var events = options.SeedEvents;
        var issues = Math.Max(Projects, events / EventsPerIssue);
        Console.WriteLine($"Retention benchmark: {events:N0} events over {issues:N0} issues in {Projects} projects, {SeedDays} daily partitions; " +
                          $"intake windows of {options.IntakeSeconds} s with {options.Concurrency} senders; PostgreSQL with fsync on.");
        var projects = new List<ProjectKeyDto>();
        for (var p = 0; p < Projects; p++)
        {
            projects.Add(await IngestBenchmark.CreateProjectAsync(environment));
        }
        await using var dataSource = NpgsqlDataSource.Create(environment.DatabaseConnectionString);

        var seeding = Stopwatch.StartNew();
        var issueIds = await SeedAsync(dataSource, [.. projects.Select(p => p.Id)], events, issues);
        Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:F0} s ({events / seeding.Elapsed.TotalSeconds:N0} events/s, counts, keys and VACUUM ANALYZE included).");
        var (databaseBytes, eventBytes) = await SizesAsync(dataSource);
        var millions = events / 1_000_000.0;
        Console.WriteLine($"Database {Megabytes(databaseBytes):N0} MB: {Megabytes(databaseBytes) / millions:N0} MB per million events " +
                          $"(events with their indexes and TOAST: {Megabytes(eventBytes) / millions:N0} MB per million).");

        var busiest = issueIds[0];
        var reads = new (string Name, Func<Task> Read, double TargetMs)[]
        {
            ("issue list, first page, unresolved", () => environment.Triage.ListIssuesAsync(new IssueQuery(projects[0].Slug)), 50),
            ("issue list, first page, unresolved, search \"number 1000\"",
                () => environment.Triage.ListIssuesAsync(new IssueQuery(projects[0].Slug, Query: "number 1000")), 50),
            ("issue page with its latest event", () => environment.Triage.GetIssueAsync(busiest), 100),
            ("an issue's event page", () => environment.Triage.ListIssueEventsAsync(busiest), 100),
        };
        Console.WriteLine();
        Console.WriteLine($"| read at {events:N0} events (HTTP, Release ingest) | median ms | p95 ms | target median ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        var checks = new List<(string Name, bool Ok)>();
        foreach (var (name, read, target) in reads)
        {
            var latencies = await Measurements.TimeAsync(Samples, read);
            var median = Measurements.Percentile(latencies, 50);
            Console.WriteLine($"| {name} | {median:F1} | {Measurements.Percentile(latencies, 95):F1} | {target} |");
            checks.Add(($"{name}: median < {target} ms", median < target));
        }

        var retentionOptions = new RetentionOptions { MaxDays = SeedDays - 3, MaxEventsPerIssue = EventsPerIssue * 9 / 10 };
        var partitions = new EventPartitions(dataSource, Options.Create(retentionOptions), TimeProvider.System);
        var oldest = (await partitions.ListAsync(CancellationToken.None))[0];
        var dropping = Stopwatch.StartNew();
        await partitions.DropAsync(oldest, CancellationToken.None);
        var dropMs = dropping.Elapsed.TotalMilliseconds;
        Console.WriteLine();
        Console.WriteLine($"Dropping one day's partition ({oldest.Name}, about {events / SeedDays:N0} events): {dropMs:F0} ms");
        checks.Add(("dropping a day's partition < 1 s", dropMs < 1000));

        // A pass with work of every kind: one more partition past the maximum, one project keeping half the days
        // (its older events deleted), and every issue over a cap of 90% of its events.
        await environment.Triage.SetRetentionAsync(projects[1].Id, SeedDays / 2);
        var pass = new RetentionPass(dataSource, partitions, Options.Create(retentionOptions), TimeProvider.System, NullLogger<RetentionPass>.Instance);
        var intakeProject = await IngestBenchmark.CreateProjectAsync(environment);
        var (alone, during, report, passTime) = await IntakeAroundPassAsync(environment, intakeProject.Key, options, pass);
        var ratio = during / alone;
        Console.WriteLine();
        Console.WriteLine("| intake (HTTP, group commit) | events/s |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine($"| alone, {options.IntakeSeconds} s before and {options.IntakeSeconds} s after the pass (mean) | {alone:F0} |");
        Console.WriteLine($"| during a retention pass, {passTime.TotalSeconds:F1} s | {during:F0} |");
        Console.WriteLine();
        Console.WriteLine($"ratio during/alone: {ratio:F2}");
        Console.WriteLine($"the pass dropped {report.PartitionsDropped} partition(s), deleted {report.EventsPastProjectRetention:N0} events past a project's " +
                          $"retention and {report.EventsOverIssueCap:N0} over the per-issue cap, removed {report.HourlyCountsRemoved:N0} hourly counts " +
                          $"and {report.EventKeysForgotten:N0} event keys");
        checks.Add(("intake during retention >= 0.9 of intake alone", ratio >= 0.9));

        return Measurements.PrintChecks(checks);
    }

    private static double Megabytes(long bytes) => bytes / 1024.0 / 1024.0;

    // Issues by SQL, events by binary COPY into each day's partition, then the counts the intake would have kept.
    // Returns the issue ids in the order their events were spread over.
    private static async Task<Guid[]> SeedAsync(NpgsqlDataSource dataSource, Guid[] projects, int events, int issues)
    {
        var issueIds = Enumerable.Range(0, issues).Select(_ => Guid.CreateVersion7()).ToArray();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await ExecuteAsync(dataSource, """
            SELECT create_event_partitions(@first_day, @today);
            INSERT INTO issues (id, project_id, fingerprint, title, culprit, level, status, event_count, first_seen, last_seen, regressed, search_text)
            SELECT t.id, (@projects)[1 + (t.n % @project_count)::int], md5(t.n::text), 'Error' || (t.n % 50) || ': failure number ' || t.n,
                   'shop.views' || (t.n % 100) || ' in handler', 'error', CASE WHEN t.n % 10 < 7 THEN 'unresolved' ELSE 'resolved' END,
                   0, now(), now(), false, 'Error' || (t.n % 50) || ': failure number ' || t.n || E'\nshop.views' || (t.n % 100) || ' in handler'
            FROM unnest(@ids) WITH ORDINALITY AS t(id, n);
            """, ("first_day", today.AddDays(-(SeedDays - 1))), ("today", today), ("projects", projects), ("project_count", projects.Length),
            ("ids", issueIds));

        var variants = DocumentVariants();
        var perDay = events / SeedDays;
        for (var day = 0; day < SeedDays; day++)
        {
            var date = today.AddDays(day - (SeedDays - 1));
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var count = day == SeedDays - 1 ? events - perDay * (SeedDays - 1) : perDay;
            var spacing = TimeSpan.FromSeconds(day == SeedDays - 1 ? 1 : 86_000.0 / count);
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var writer = await connection.BeginBinaryImportAsync($"""
                COPY events_p{date:yyyyMMdd} (id, issue_id, project_id, event_id, occurred_at, received_at, platform, level, release,
                                              server_name, sdk, exception, request, environment, tags) FROM STDIN (FORMAT BINARY)
                """);
            for (var i = 0; i < count; i++)
            {
                var k = day * perDay + i;
                var issue = k % issues;
                // The last day's events arrive up to now, one a second backwards, so none is in the future.
                var received = day == SeedDays - 1 ? DateTimeOffset.UtcNow.AddSeconds(-(count - i)) : start + spacing * i;
                var variant = variants[issue % Variants];
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.CreateVersion7(received), NpgsqlDbType.Uuid);
                await writer.WriteAsync(issueIds[issue], NpgsqlDbType.Uuid);
                await writer.WriteAsync(projects[(issue + 1) % projects.Length], NpgsqlDbType.Uuid);
                await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await writer.WriteAsync(received.AddSeconds(-1), NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(received, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync("python", NpgsqlDbType.Text);
                await writer.WriteAsync("error", NpgsqlDbType.Varchar);
                await writer.WriteAsync("shop@1.4.2", NpgsqlDbType.Text);
                await writer.WriteAsync("web-1", NpgsqlDbType.Text);
                await writer.WriteAsync(variant.Sdk, NpgsqlDbType.Jsonb);
                await writer.WriteAsync(variant.Exception, NpgsqlDbType.Jsonb);
                await writer.WriteAsync(variant.Request, NpgsqlDbType.Jsonb);
                await writer.WriteAsync(variant.Environment, NpgsqlDbType.Jsonb);
                await writer.WriteAsync(variant.Tags, NpgsqlDbType.Jsonb);
            }
            await writer.CompleteAsync();
        }

        await ExecuteAsync(dataSource, """
            UPDATE issues i SET event_count = c.n, first_seen = c.first_seen, last_seen = c.last_seen
            FROM (SELECT issue_id, count(*) AS n, min(occurred_at) AS first_seen, max(occurred_at) AS last_seen FROM events GROUP BY 1) c
            WHERE i.id = c.issue_id;
            INSERT INTO issue_hourly_counts (issue_id, hour, count)
            SELECT issue_id, date_trunc('hour', occurred_at), count(*) FROM events GROUP BY 1, 2;
            INSERT INTO issue_daily_counts (issue_id, day, count)
            SELECT issue_id, (occurred_at AT TIME ZONE 'UTC')::date, count(*) FROM events GROUP BY 1, 2;
            INSERT INTO event_keys (project_id, event_id, issue_id, received_at)
            SELECT project_id, event_id, issue_id, received_at FROM events;
            """);
        await ExecuteAsync(dataSource, "VACUUM ANALYZE");
        return issueIds;
    }

    // The documents of realistic events: the intake benchmark's bodies, split into the columns the intake stores.
    private static (string Sdk, string Exception, string Request, string Environment, string Tags)[] DocumentVariants()
    {
        var factory = new EventFactory(Variants, newShare: 0, seed: 7);
        return [.. Enumerable.Range(0, Variants).Select(_ =>
        {
            var body = JsonNode.Parse(factory.Next())!.AsObject();
            return (body["sdk"]!.ToJsonString(), body["exception"]!.ToJsonString(), body["request"]!.ToJsonString(),
                body["environment"]!.ToJsonString(), body["tags"]!.ToJsonString());
        })];
    }

    private static async Task<(long Database, long Events)> SizesAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT pg_database_size(current_database()),
                   (SELECT sum(pg_total_relation_size(inhrelid))::bigint FROM pg_inherits WHERE inhparent = 'events'::regclass)
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    // Intake at full speed for the configured seconds alone, for as long as the retention pass takes, then alone again;
    // each rate is the events acknowledged within its window over the window's length.
    private static async Task<(double Alone, double During, RetentionReport Report, TimeSpan PassTime)> IntakeAroundPassAsync(
        BenchmarkEnvironment environment, string key, BenchmarkOptions options, RetentionPass pass)
    {
        var factory = new EventFactory(200, 0.10, seed: 11);
        var bodies = Enumerable.Range(0, IntakeBodies).Select(_ => JsonNode.Parse(factory.Next())!.AsObject()).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency }) { BaseAddress = environment.Ingest.Address };
        using var stop = new CancellationTokenSource();
        long acknowledged = 0;
        var next = -1;
        var senders = Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var body = (JsonObject)bodies[(Interlocked.Increment(ref next) & int.MaxValue) % IntakeBodies].DeepClone();
                body["event_id"] = Guid.NewGuid().ToString();
                await IngestBenchmark.PostEventAsync(http, key, Encoding.UTF8.GetBytes(body.ToJsonString()));
                Interlocked.Increment(ref acknowledged);
            }
        }).ToArray();

        async Task<double> RateAsync(Func<Task> window)
        {
            var (from, start) = (Interlocked.Read(ref acknowledged), Stopwatch.GetTimestamp());
            await window();
            return (Interlocked.Read(ref acknowledged) - from) / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        // Alone both before and after the pass, so that a machine growing busier or quieter meanwhile (the
        // other load on these two cores) weighs on both sides of the ratio.
        var before = await RateAsync(() => Task.Delay(TimeSpan.FromSeconds(options.IntakeSeconds)));
        RetentionReport? report = null;
        var passClock = Stopwatch.StartNew();
        var during = await RateAsync(async () => report = await pass.TryRunAsync(CancellationToken.None));
        var passTime = passClock.Elapsed;
        var after = await RateAsync(() => Task.Delay(TimeSpan.FromSeconds(options.IntakeSeconds)));

        await stop.CancelAsync();
        await Task.WhenAll(senders);
        return ((before + after) / 2, during, report ?? throw new InvalidOperationException("The retention lock was taken."), passTime);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 3600;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync();
    }
}
