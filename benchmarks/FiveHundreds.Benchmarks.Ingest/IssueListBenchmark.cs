using System.Diagnostics;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Npgsql;

namespace FiveHundreds.Benchmarks.Ingest;

// The issue list's speed: the first page of the issue list over 100,000 issues of one project (70% unresolved, 20%
// resolved, 10% ignored; one event each, four facet values and one user each), over HTTP from the Release ingest,
// for every status filter with and without a search, including searches on facets (release, environment, tags) and
// users; the baseline is the same page computed the way a design without denormalised counts would, counting events.
internal static class IssueListBenchmark
{
    private const int Issues = 100_000;
    private const int EventsPerIssue = 1;
    private const int Samples = 40;

    public static async Task<bool> RunAsync(BenchmarkEnvironment environment, BenchmarkOptions options)
    {
        var project = await environment.Triage.CreateProjectAsync(new CreateProjectRequest("list-bench"));
        var seeding = Stopwatch.StartNew();
        await SeedAsync(environment, project.Id);
        Console.WriteLine($"Seeded {Issues * EventsPerIssue} events, {Issues * 4} facet rows and {Issues} users over {Issues} issues in {seeding.Elapsed.TotalSeconds:F0} s.");

        Console.WriteLine();
        Console.WriteLine("| first page (25 issues) | median ms | p95 ms |");
        Console.WriteLine("| --- | ---: | ---: |");
        var worstMedian = 0.0;
        var plainUnresolvedMedian = 0.0;
        foreach (var status in Enum.GetValues<IssueStatusFilter>())
        {
            foreach (var query in new string?[]
            {
                null, "number 4242", "Error7", "release:2.0.0 level:error", "environment:staging release:1.0.0",
                "region:eu \"number 4242\"", "user.email:user42@example.com", "release:9.9.9",
            })
            {
                var latencies = await Measurements.TimeAsync(Samples, () => environment.Triage.ListIssuesAsync(new IssueQuery(project.Slug, status, query)));
                var median = Measurements.Percentile(latencies, 50);
                worstMedian = Math.Max(worstMedian, median);
                if (status == IssueStatusFilter.Unresolved && query is null)
                {
                    plainUnresolvedMedian = median;
                }
                Console.WriteLine($"| status={status.ToString().ToLowerInvariant()}{(query is null ? "" : $", query=\"{query}\"")} | {median:F1} | {Measurements.Percentile(latencies, 95):F1} |");
            }
        }

        await using var dataSource = NpgsqlDataSource.Create(environment.DatabaseConnectionString);
        var baseline = await Measurements.TimeAsync(Samples, async () =>
        {
            await using var command = dataSource.CreateCommand("""
                SELECT i.id, i.title, count(e.id) AS events, max(e.occurred_at) AS last_seen
                FROM issues i JOIN events e ON e.issue_id = i.id
                WHERE i.project_id = @p AND i.status = 'unresolved'
                GROUP BY i.id, i.title ORDER BY last_seen DESC LIMIT 25
                """);
            command.Parameters.AddWithValue("p", project.Id);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        });
        Console.WriteLine($"| baseline: counting events in SQL, no HTTP (status=unresolved) | {Measurements.Percentile(baseline, 50):F1} | {Measurements.Percentile(baseline, 95):F1} |");
        Console.WriteLine();
        Console.WriteLine($"baseline median / API median (status=unresolved, no query): {Measurements.Percentile(baseline, 50) / plainUnresolvedMedian:F1}");
        var ok = worstMedian < 50;
        Console.WriteLine($"{(ok ? "PASS" : "MISS")}  every first page under 50 ms median (worst {worstMedian:F1} ms)");

        if (options.WebDll is not null)
        {
            var newest = (await environment.Triage.ListIssuesAsync(new IssueQuery(project.Slug, Limit: 1))).Items[0].Title;
            var page = await DashboardPageTimer.TimeIssueListAsync(options.WebDll, environment, $"/?project={project.Slug}", newest, Samples);
            var pageMedian = Measurements.Percentile(page, 50);
            Console.WriteLine();
            Console.WriteLine("| dashboard issue list, first page prerendered (signed-in GET) | median ms | p95 ms |");
            Console.WriteLine("| --- | ---: | ---: |");
            Console.WriteLine($"| page | {pageMedian:F1} | {Measurements.Percentile(page, 95):F1} |");
            Console.WriteLine($"| its API call alone (status=unresolved, no query) | {plainUnresolvedMedian:F1} | |");
            var pageOk = pageMedian < 300;
            Console.WriteLine($"{(pageOk ? "PASS" : "MISS")}  dashboard issue list under 300 ms server time (median {pageMedian:F1} ms)");
            ok &= pageOk;
        }
        return ok;
    }

    private static async Task SeedAsync(BenchmarkEnvironment environment, Guid projectId)
    {
        await using var connection = new NpgsqlConnection(environment.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            INSERT INTO issues (id, project_id, fingerprint, title, culprit, level, status, event_count, first_seen, last_seen, regressed, search_text)
            SELECT gen_random_uuid(), @p, md5(i::text), 'Error' || (i % 50) || ': failure number ' || i, 'app.module' || (i % 100) || ' in handler',
                   'error', CASE WHEN i % 10 < 7 THEN 'unresolved' WHEN i % 10 < 9 THEN 'resolved' ELSE 'ignored' END, {EventsPerIssue},
                   now() - interval '30 days', now() - make_interval(secs => i * 60),  false,
                   'Error' || (i % 50) || ': failure number ' || i || E'\napp.module' || (i % 100) || ' in handler'
            FROM generate_series(1, {Issues}) AS i;

            INSERT INTO events (id, issue_id, project_id, event_id, occurred_at, received_at, platform, level, exception, request, environment)
            SELECT gen_random_uuid(), iss.id, @p, gen_random_uuid(), iss.last_seen - make_interval(mins => j * 7), now(), 'python', 'error',
                   @exception::jsonb, @request::jsonb, @environment::jsonb
            FROM issues iss CROSS JOIN generate_series(0, {EventsPerIssue - 1}) AS j
            WHERE iss.project_id = @p;

            INSERT INTO issue_hourly_counts (issue_id, hour, count)
            SELECT issue_id, date_trunc('hour', occurred_at), count(*) FROM events WHERE project_id = @p GROUP BY 1, 2;

            -- What the group commit keeps per issue: its facet values and its users.
            WITH numbered AS (
                SELECT id, row_number() OVER (ORDER BY id) AS n FROM issues WHERE project_id = @p
            )
            INSERT INTO issue_facets (issue_id, key, value, count)
            SELECT id, f.key, f.value, {EventsPerIssue}
            FROM numbered CROSS JOIN LATERAL (VALUES
                ('release', (ARRAY['1.0.0', '1.1.0', '2.0.0'])[n % 3 + 1]),
                ('environment', CASE WHEN n % 2 = 0 THEN 'production' ELSE 'staging' END),
                ('browser', CASE WHEN n % 10 < 7 THEN 'Chrome 120' ELSE 'Firefox 121' END),
                ('region', (ARRAY['eu', 'us', 'ap', 'sa', 'af'])[n % 5 + 1])) AS f(key, value);

            INSERT INTO issue_users (issue_id, user_key, user_id, email)
            SELECT id, 'id:' || (n % 1000), (n % 1000)::text, 'user' || (n % 1000) || '@example.com'
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM issues WHERE project_id = @p) numbered;
            UPDATE issues SET users_affected = 1 WHERE project_id = @p;

            ANALYZE;
            """, connection);
        command.CommandTimeout = 600;
        command.Parameters.AddWithValue("p", projectId);
        command.Parameters.AddWithValue("exception", """{"values": [{"type": "ValueError", "value": "bad input", "stacktrace": {"frames": [{"filename": "app/views.py", "function": "handler", "lineno": 12, "in_app": true, "context_line": "    raise ValueError('bad input')"}]}}]}""");
        command.Parameters.AddWithValue("request", """{"url": "https://shop.example/cart", "method": "GET", "headers": {"User-Agent": "bench"}}""");
        command.Parameters.AddWithValue("environment", """{"LANG": "C.UTF-8", "PATH": "/usr/bin"}""");
        await command.ExecuteNonQueryAsync();
    }
}
