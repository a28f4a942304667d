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
// with binary COPY straight into the partitions (--seed-events, default 10,000,000), prints the database size per million events, times the triage
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
    private static readonly TimeSpan CopyTimeout = TimeSpan.FromHours(1);

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

        // A pass with work of every kind, about what an hourly pass meets after a missed day: one more partition past
        // the maximum, one project keeping a day less than the others (its events of that day deleted row by row),
        // and the issues that received events since the cap last looked (1 in 100) over a cap of 90% of their events.
        await environment.Triage.SetRetentionAsync(projects[1].Id, retentionOptions.MaxDays - 1);
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

    // Issues by SQL; events by binary COPY FREEZE into each day's partition (emptied in the same transaction, so the
    // rows need no vacuum before they are read), their keys, hourly and daily counts by COPY at the same time on their
    // own connections; then the issues' counts and the storage counters, all as the intake would have kept them.
    // One issue in a hundred has received events since the per-issue cap last looked at it, as in an hour of
    // steady intake; the others were capped before. Returns the issue ids in the order their events were spread over.
    private static async Task<Guid[]> SeedAsync(NpgsqlDataSource dataSource, Guid[] projects, int events, int issues)
    {
        // Fewer, larger checkpoints while tens of gigabytes are written, as a server sized for this would have.
        await ExecuteAsync(dataSource, "ALTER SYSTEM SET max_wal_size = '4GB'");
        await ExecuteAsync(dataSource, "SELECT pg_reload_conf()");
        var seeding = Stopwatch.StartNew();
        var issueIds = Enumerable.Range(0, issues).Select(_ => Guid.CreateVersion7()).ToArray();
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
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
        var variantBytes = await StoredBytesAsync(dataSource, variants);
        var issueCounts = new long[issues];
        var firstSeen = new DateTimeOffset[issues];
        var lastSeen = new DateTimeOffset[issues];
        var storage = new Dictionary<(Guid Project, DateOnly Day), (long Events, long Bytes)>();
        var oldest = new Dictionary<Guid, DateTimeOffset>();

        await using var keysConnection = await dataSource.OpenConnectionAsync();
        await using var hourlyConnection = await dataSource.OpenConnectionAsync();
        await using var dailyConnection = await dataSource.OpenConnectionAsync();
        await using var keys = await keysConnection.BeginBinaryImportAsync(
            "COPY event_keys (project_id, event_id, issue_id, received_at) FROM STDIN (FORMAT BINARY)");
        await using var hourly = await hourlyConnection.BeginBinaryImportAsync("COPY issue_hourly_counts (issue_id, hour, count) FROM STDIN (FORMAT BINARY)");
        await using var daily = await dailyConnection.BeginBinaryImportAsync("COPY issue_daily_counts (issue_id, day, count) FROM STDIN (FORMAT BINARY)");
        // These stay open for the whole seed; the server may still be indexing their rows when they complete.
        keys.Timeout = hourly.Timeout = daily.Timeout = CopyTimeout;
        var perDay = events / SeedDays;
        for (var day = 0; day < SeedDays; day++)
        {
            var date = today.AddDays(day - (SeedDays - 1));
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var count = day == SeedDays - 1 ? events - perDay * (SeedDays - 1) : perDay;
            // Every event of a day inside it, today's up to now: none in the future, none outside its partition.
            var spacing = ((day == SeedDays - 1 ? now - start : TimeSpan.FromDays(1)) - TimeSpan.FromSeconds(2)) / count;
            var dayCounts = new Dictionary<int, long>();
            var hourCounts = new Dictionary<int, long>();
            var hour = start;
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var truncate = new NpgsqlCommand($"TRUNCATE events_p{date:yyyyMMdd}", connection, transaction))
            {
                await truncate.ExecuteNonQueryAsync();
            }
            await using (var writer = await connection.BeginBinaryImportAsync($"""
                COPY events_p{date:yyyyMMdd} (id, issue_id, project_id, event_id, occurred_at, received_at, platform, level, release,
                                              server_name, sdk, exception, request, environment, tags, stored_bytes) FROM STDIN (FORMAT BINARY, FREEZE)
                """))
            {
                writer.Timeout = CopyTimeout;
                for (var i = 0; i < count; i++)
                {
                    var k = day * perDay + i;
                    var issue = k % issues;
                    var occurred = start + spacing * i;
                    var received = occurred.AddSeconds(1);
                    var project = projects[(issue + 1) % projects.Length];
                    var variant = issue % Variants;
                    var eventId = Guid.NewGuid();
                    await writer.StartRowAsync();
                    await writer.WriteAsync(Guid.CreateVersion7(received), NpgsqlDbType.Uuid);
                    await writer.WriteAsync(issueIds[issue], NpgsqlDbType.Uuid);
                    await writer.WriteAsync(project, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(eventId, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(occurred, NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync(received, NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync("python", NpgsqlDbType.Text);
                    await writer.WriteAsync("error", NpgsqlDbType.Varchar);
                    await writer.WriteAsync("shop@1.4.2", NpgsqlDbType.Text);
                    await writer.WriteAsync("web-1", NpgsqlDbType.Text);
                    await writer.WriteAsync(variants[variant].Sdk, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(variants[variant].Exception, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(variants[variant].Request, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(variants[variant].Environment, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(variants[variant].Tags, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(variantBytes[variant], NpgsqlDbType.Integer);

                    await keys.StartRowAsync();
                    await keys.WriteAsync(project, NpgsqlDbType.Uuid);
                    await keys.WriteAsync(eventId, NpgsqlDbType.Uuid);
                    await keys.WriteAsync(issueIds[issue], NpgsqlDbType.Uuid);
                    await keys.WriteAsync(received, NpgsqlDbType.TimestampTz);

                    var eventHour = new DateTimeOffset(occurred.Year, occurred.Month, occurred.Day, occurred.Hour, 0, 0, TimeSpan.Zero);
                    if (eventHour != hour)
                    {
                        await WriteCountsAsync(hourly, hourCounts, issueIds, hour, NpgsqlDbType.TimestampTz);
                        hour = eventHour;
                    }
                    hourCounts[issue] = hourCounts.GetValueOrDefault(issue) + 1;
                    dayCounts[issue] = dayCounts.GetValueOrDefault(issue) + 1;
                    issueCounts[issue]++;
                    firstSeen[issue] = issueCounts[issue] == 1 ? occurred : firstSeen[issue];
                    lastSeen[issue] = occurred;
                    var stored = storage.GetValueOrDefault((project, date));
                    storage[(project, date)] = (stored.Events + 1, stored.Bytes + variantBytes[variant]);
                    oldest.TryAdd(project, received);
                }
                await writer.CompleteAsync();
            }
            await transaction.CommitAsync();
            await WriteCountsAsync(hourly, hourCounts, issueIds, hour, NpgsqlDbType.TimestampTz);
            await WriteCountsAsync(daily, dayCounts, issueIds, date, NpgsqlDbType.Date);
            Console.WriteLine($"  seeded day {day + 1}/{SeedDays} ({count:N0} events, {seeding.Elapsed.TotalSeconds:F0} s)");
        }
        await keys.CompleteAsync();
        await hourly.CompleteAsync();
        await daily.CompleteAsync();

        await ExecuteAsync(dataSource, """
            UPDATE issues i SET event_count = c.n, first_seen = c.first_seen, last_seen = c.last_seen,
                                capped_at_event_count = CASE WHEN c.position % 100 = 0 THEN 0 ELSE c.n END
            FROM unnest(@ids, @counts, @first_seen, @last_seen) WITH ORDINALITY AS c(id, n, first_seen, last_seen, position)
            WHERE i.id = c.id;
            INSERT INTO project_storage_days (project_id, day, events, bytes)
            SELECT * FROM unnest(@storage_projects, @storage_days, @storage_events, @storage_bytes);
            INSERT INTO project_storage (project_id, events, bytes, oldest_event_at)
            SELECT d.project_id, sum(d.events), sum(d.bytes), o.at
            FROM project_storage_days d JOIN unnest(@oldest_projects, @oldest_at) AS o(project_id, at) ON o.project_id = d.project_id
            GROUP BY d.project_id, o.at;
            """, ("ids", issueIds), ("counts", issueCounts), ("first_seen", firstSeen), ("last_seen", lastSeen),
            ("storage_projects", storage.Keys.Select(k => k.Project).ToArray()), ("storage_days", storage.Keys.Select(k => k.Day).ToArray()),
            ("storage_events", storage.Values.Select(v => v.Events).ToArray()), ("storage_bytes", storage.Values.Select(v => v.Bytes).ToArray()),
            ("oldest_projects", oldest.Keys.ToArray()), ("oldest_at", oldest.Values.ToArray()));
        Console.WriteLine($"  events, keys and counts written in {seeding.Elapsed.TotalSeconds:F0} s; VACUUM ANALYZE");
        await ExecuteAsync(dataSource, "VACUUM ANALYZE");
        return issueIds;
    }

    // One count row per issue of the hour or day that just ended.
    private static async Task WriteCountsAsync<TPeriod>(NpgsqlBinaryImporter importer, Dictionary<int, long> counts, Guid[] issueIds,
        TPeriod period, NpgsqlDbType periodType)
    {
        foreach (var (issue, n) in counts)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(issueIds[issue], NpgsqlDbType.Uuid);
            await importer.WriteAsync(period, periodType);
            await importer.WriteAsync(n, NpgsqlDbType.Bigint);
        }
        counts.Clear();
    }

    // Each variant's stored_bytes as the intake measures an event it writes: the size of its row's values before
    // PostgreSQL compresses them (EventWriter).
    private static async Task<int[]> StoredBytesAsync(
        NpgsqlDataSource dataSource, (string Sdk, string Exception, string Request, string Environment, string Tags)[] variants)
    {
        var sizes = new int[variants.Length];
        for (var v = 0; v < variants.Length; v++)
        {
            await using var command = dataSource.CreateCommand("""
                SELECT pg_column_size(ROW(gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now(), now(),
                    'python'::text, 'error'::varchar, NULL::text, 'shop@1.4.2'::text, 'web-1'::text, @sdk::jsonb, @exception::jsonb,
                    @request::jsonb, @environment::jsonb, @tags::jsonb, NULL::jsonb))
                """);
            command.Parameters.AddWithValue("sdk", variants[v].Sdk);
            command.Parameters.AddWithValue("exception", variants[v].Exception);
            command.Parameters.AddWithValue("request", variants[v].Request);
            command.Parameters.AddWithValue("environment", variants[v].Environment);
            command.Parameters.AddWithValue("tags", variants[v].Tags);
            sizes[v] = (int)(await command.ExecuteScalarAsync())!;
        }
        return sizes;
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
