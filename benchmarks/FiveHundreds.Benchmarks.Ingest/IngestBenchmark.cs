using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Npgsql;

namespace FiveHundreds.Benchmarks.Ingest;

// The ingest's throughput: events/s, p50/p99 and peak memory of the ingest under concurrent senders, against the
// same SQL work done the plain way (one transaction per event from a raw Npgsql loop) in the same run.
internal static class IngestBenchmark
{
    private const int RecurringFingerprints = 200;
    private const double NewShare = 0.10;

    public static async Task<bool> RunAsync(BenchmarkEnvironment environment, BenchmarkOptions options)
    {
        Console.WriteLine($"Ingest benchmark: {options.Events} events (+{options.Warmup} warm-up), {options.Concurrency} concurrent senders, " +
                          $"{RecurringFingerprints} recurring fingerprints, {NewShare:P0} new; PostgreSQL with fsync on.");

        var idleBytes = environment.Ingest.ResidentBytes();
        var warmup = await CreateProjectAsync(environment);
        await SendAsync(environment, warmup.Key, options.Warmup, options.Concurrency, seed: 1);

        var measured = await CreateProjectAsync(environment);
        var acknowledged = new ConcurrentBag<Guid>();
        var ingest = await SendAsync(environment, measured.Key, options.Events, options.Concurrency, seed: 2, acknowledged);
        var peakBytes = environment.Ingest.PeakResidentBytes();
        var (storedAcknowledged, countedEvents, _) = await VerifyAsync(environment.DatabaseConnectionString, measured.Id, acknowledged);

        var baselineProject = await CreateProjectAsync(environment);
        var baseline = await RunBaselineAsync(environment, baselineProject.Id, options.Events, options.Concurrency);

        var ratio = ingest.EventsPerSecond / baseline.EventsPerSecond;
        Console.WriteLine();
        Console.WriteLine("| run | events/s | p50 ms | p99 ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| ingest (HTTP, group commit) | {ingest.EventsPerSecond:F0} | {ingest.Percentile(50):F1} | {ingest.Percentile(99):F1} |");
        Console.WriteLine($"| baseline (raw Npgsql, one transaction per event) | {baseline.EventsPerSecond:F0} | {baseline.Percentile(50):F1} | {baseline.Percentile(99):F1} |");
        Console.WriteLine();
        Console.WriteLine($"ratio ingest/baseline: {ratio:F2}");
        Console.WriteLine($"ingest peak RSS: {peakBytes / 1024.0 / 1024.0:F0} MB (idle before the load: {idleBytes / 1024.0 / 1024.0:F0} MB)");
        Console.WriteLine($"acknowledged: {acknowledged.Count}, stored of those: {storedAcknowledged}, sum of event_count: {countedEvents}");

        var checks = new (string Name, bool Ok)[]
        {
            ("events/s >= 3000", ingest.EventsPerSecond >= 3000),
            ("p99 < 100 ms", ingest.Percentile(99) < 100),
            ("ratio >= 1.0", ratio >= 1.0),
            ("peak RSS < 300 MB", peakBytes < 300L * 1024 * 1024),
            ("every acknowledged event stored", storedAcknowledged == acknowledged.Count),
            ("event_counts add up to the acknowledged total", countedEvents == acknowledged.Count),
        };
        return Measurements.PrintChecks(checks);
    }

    internal static Task<ProjectKeyDto> CreateProjectAsync(BenchmarkEnvironment environment) => CreateProjectAsync(environment.Triage);

    internal static Task<ProjectKeyDto> CreateProjectAsync(TriageApiClient triage) =>
        triage.CreateProjectAsync(new CreateProjectRequest("bench-" + Guid.NewGuid().ToString("N")[..6], RateLimitPerMinute: 100_000_000));

    internal static Task<RunResult> SendAsync(BenchmarkEnvironment environment, string key, int count, int concurrency, int seed,
        ConcurrentBag<Guid>? acknowledged = null) =>
        SendAsync(environment.Ingest.Address, key, count, concurrency, seed, acknowledged);

    internal static async Task<RunResult> SendAsync(Uri ingest, string key, int count, int concurrency, int seed,
        ConcurrentBag<Guid>? acknowledged = null)
    {
        // Bodies are made before the clock starts, so the load generator's own JSON work is not in the figures.
        var factory = new EventFactory(RecurringFingerprints, NewShare, seed);
        var bodies = Enumerable.Range(0, count).Select(_ => Encoding.UTF8.GetBytes(factory.Next())).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = ingest };
        return await Measurements.RunAsync(count, concurrency, async i =>
        {
            var accepted = await PostEventAsync(http, key, bodies[i]);
            acknowledged?.Add(accepted.EventId);
        });
    }

    // One event to the native endpoint; anything but a success stops the run.
    internal static async Task<EventAcceptedDto> PostEventAsync(HttpClient http, string key, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = content };
        request.Headers.Add("X-Monolynx-Key", key);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<EventAcceptedDto>(TriageJson.Options))!;
    }

    // Of the acknowledged events, how many are stored; the project's event_count sum; and every event it holds.
    internal static async Task<(long Stored, long Counted, long Held)> VerifyAsync(string connectionString, Guid projectId, ConcurrentBag<Guid> acknowledged)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM events WHERE project_id = @p AND event_id = ANY(@ids)),
                   (SELECT coalesce(sum(event_count), 0)::bigint FROM issues WHERE project_id = @p),
                   (SELECT count(*) FROM events WHERE project_id = @p)
            """, connection);
        command.Parameters.AddWithValue("p", projectId);
        command.Parameters.AddWithValue("ids", acknowledged.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    // The same rows written the plain way: for each event its own transaction that upserts the issue, inserts
    // the event and its key and bumps the hourly and daily counts. No HTTP, no JSON checks: only the database work.
    private static async Task<RunResult> RunBaselineAsync(BenchmarkEnvironment environment, Guid projectId, int count, int concurrency)
    {
        var factory = new EventFactory(RecurringFingerprints, NewShare, seed: 3);
        var rows = Enumerable.Range(0, count).Select(_ => BaselineRow.From(factory.Next())).ToArray();
        await using var dataSource = NpgsqlDataSource.Create(environment.DatabaseConnectionString);
        return await Measurements.RunAsync(count, concurrency, async i =>
        {
            var row = rows[i];
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var issue = new NpgsqlCommand("""
                INSERT INTO issues (id, project_id, fingerprint, title, culprit, level, status, event_count, first_seen, last_seen, regressed, search_text)
                VALUES (@id, @project, @fingerprint, @title, @culprit, 'error', 'unresolved', 1, @at, @at, false, @title)
                ON CONFLICT (project_id, fingerprint) DO UPDATE SET event_count = issues.event_count + 1,
                    last_seen = GREATEST(issues.last_seen, EXCLUDED.last_seen), status = 'unresolved'
                RETURNING id
                """, connection, transaction);
            issue.Parameters.AddWithValue("id", Guid.CreateVersion7());
            issue.Parameters.AddWithValue("project", projectId);
            issue.Parameters.AddWithValue("fingerprint", row.Fingerprint);
            issue.Parameters.AddWithValue("title", row.Title);
            issue.Parameters.AddWithValue("culprit", row.Culprit);
            issue.Parameters.AddWithValue("at", row.At);
            var issueId = (Guid)(await issue.ExecuteScalarAsync())!;

            await using var insert = new NpgsqlCommand("""
                INSERT INTO events (id, issue_id, project_id, event_id, occurred_at, received_at, platform, level, release, server_name,
                                    sdk, exception, request, environment, tags)
                VALUES (@id, @issue, @project, @event_id, @at, now(), 'python', 'error', 'shop@1.4.2', 'web-1',
                        @sdk::jsonb, @exception::jsonb, @request::jsonb, @environment::jsonb, @tags::jsonb);
                INSERT INTO event_keys (project_id, event_id, issue_id, received_at) VALUES (@project, @event_id, @issue, now());
                INSERT INTO issue_hourly_counts (issue_id, hour, count) VALUES (@issue, date_trunc('hour', @at), 1)
                ON CONFLICT (issue_id, hour) DO UPDATE SET count = issue_hourly_counts.count + 1;
                INSERT INTO issue_daily_counts (issue_id, day, count) VALUES (@issue, (@at AT TIME ZONE 'UTC')::date, 1)
                ON CONFLICT (issue_id, day) DO UPDATE SET count = issue_daily_counts.count + 1;
                INSERT INTO project_daily_stats (project_id, day, received, dropped) VALUES (@project, (now() AT TIME ZONE 'UTC')::date, 1, 0)
                ON CONFLICT (project_id, day) DO UPDATE SET received = project_daily_stats.received + 1;
                """, connection, transaction);
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
            insert.Parameters.AddWithValue("issue", issueId);
            insert.Parameters.AddWithValue("project", projectId);
            insert.Parameters.AddWithValue("event_id", row.EventId);
            insert.Parameters.AddWithValue("at", row.At);
            insert.Parameters.AddWithValue("sdk", row.Sdk);
            insert.Parameters.AddWithValue("exception", row.Exception);
            insert.Parameters.AddWithValue("request", row.Request);
            insert.Parameters.AddWithValue("environment", row.Environment);
            insert.Parameters.AddWithValue("tags", row.Tags);
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        });
    }

    private sealed record BaselineRow(Guid EventId, string Fingerprint, string Title, string Culprit, DateTime At,
        string Sdk, string Exception, string Request, string Environment, string Tags)
    {
        public static BaselineRow From(string json)
        {
            var body = JsonNode.Parse(json)!.AsObject();
            var frames = body["exception"]!["values"]![0]!["stacktrace"]!["frames"]!.AsArray();
            var appFunction = frames.Where(f => f!["in_app"]!.GetValue<bool>()).Select(f => f!["function"]!.GetValue<string>());
            var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("ZeroDivisionError\n" + string.Join('\n', appFunction))));
            return new(Guid.Parse(body["event_id"]!.GetValue<string>()), fingerprint, "ZeroDivisionError: division by zero",
                "shop.services.cart in total", DateTime.UtcNow, body["sdk"]!.ToJsonString(), body["exception"]!.ToJsonString(),
                body["request"]!.ToJsonString(), body["environment"]!.ToJsonString(), body["tags"]!.ToJsonString());
        }
    }
}
