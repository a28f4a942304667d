using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using FiveHundreds.Tests.Alerts;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Benchmarks.Ingest;

// Alerting's two figures, in one run against the Release ingest: how long from a new issue's first 201 until
// its webhook arrives (p50, p99 over 200 new issues), and intake throughput with 10 active rules against none.
internal static class AlertBenchmark
{
    private const int NewIssues = 200;
    private const int ActiveRules = 10;

    public static async Task<bool> RunAsync(BenchmarkEnvironment environment, BenchmarkOptions options)
    {
        Console.WriteLine($"Alert benchmark: latency over {NewIssues} new issues; intake of {options.Events} events per side " +
                          $"({options.Concurrency} senders) with {ActiveRules} rules on versus none, rounds alternated.");
        await using var receiver = await AlertReceiver.StartAsync();

        var latencies = await MeasureLatencyAsync(environment, receiver);

        var warmup = await IngestBenchmark.CreateProjectAsync(environment);
        await IngestBenchmark.SendAsync(environment, warmup.Key, options.Warmup, options.Concurrency, seed: 1);
        var without = await IngestBenchmark.CreateProjectAsync(environment);
        var with = await IngestBenchmark.CreateProjectAsync(environment);
        await AddRulesAsync(environment, with.Id, receiver.Url("load"));

        // Alternated halves, so that drift on a shared machine (other builds, a warming JIT) falls on both sides.
        var half = options.Events / 2;
        var rounds = new List<(bool Rules, RunResult Result)>();
        for (var round = 0; round < 2; round++)
        {
            rounds.Add((false, await IngestBenchmark.SendAsync(environment, without.Key, half, options.Concurrency, seed: 10 + round)));
            rounds.Add((true, await IngestBenchmark.SendAsync(environment, with.Key, half, options.Concurrency, seed: 20 + round)));
        }
        double Throughput(bool rules) =>
            rounds.Where(r => r.Rules == rules).Sum(r => (double)r.Result.Events) / rounds.Where(r => r.Rules == rules).Sum(r => r.Result.Elapsed.TotalSeconds);
        var ratio = Throughput(true) / Throughput(false);

        Console.WriteLine();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine($"| first 201 → webhook received, p50 | {Measurements.Percentile(latencies, 50):F0} ms |");
        Console.WriteLine($"| first 201 → webhook received, p99 | {Measurements.Percentile(latencies, 99):F0} ms |");
        Console.WriteLine($"| alerts received of {NewIssues} new issues | {latencies.Length} |");
        Console.WriteLine($"| intake without rules | {Throughput(false):F0} events/s |");
        Console.WriteLine($"| intake with {ActiveRules} rules | {Throughput(true):F0} events/s |");
        Console.WriteLine();
        Console.WriteLine($"ratio with/without rules: {ratio:F3} (per round: {string.Join(", ", rounds.Select(r => $"{(r.Rules ? "on" : "off")} {r.Result.EventsPerSecond:F0}"))})");

        var checks = new (string Name, bool Ok)[]
        {
            ("every new issue alerted once", latencies.Length == NewIssues),
            ("p50 < 2000 ms", Measurements.Percentile(latencies, 50) < 2000),
            ("intake with rules >= 97% of without", ratio >= 0.97),
        };
        foreach (var (name, ok) in checks)
        {
            Console.WriteLine($"{(ok ? "PASS" : "MISS")}  {name}");
        }
        return checks.All(c => c.Ok);
    }

    // New issues one after another (a few per second, as a real app's new errors come), each timed from its
    // 201 to the moment the webhook receiver has its alert.
    private static async Task<double[]> MeasureLatencyAsync(BenchmarkEnvironment environment, AlertReceiver receiver)
    {
        var project = await IngestBenchmark.CreateProjectAsync(environment);
        var destination = await environment.Triage.CreateAlertDestinationAsync(project.Id,
            new CreateAlertDestinationRequest("latency", AlertChannel.Webhook, receiver.Url("latency")));
        await environment.Triage.CreateAlertRuleAsync(project.Id, new AlertRuleRequest("new issues", AlertTrigger.NewIssue, [destination.Destination.Id]));

        var factory = new EventFactory(recurringFingerprints: 1, newShare: 1.0, seed: 3);
        var acceptedAt = new Dictionary<string, long>();
        using var http = new HttpClient { BaseAddress = environment.Ingest.Address };
        for (var i = 0; i < NewIssues; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
            {
                Content = new StringContent(factory.Next(), Encoding.UTF8, "application/json"),
                Headers = { { "X-Monolynx-Key", project.Key } },
            };
            using var response = await http.SendAsync(request);
            var at = Stopwatch.GetTimestamp();
            var accepted = (await response.Content.ReadFromJsonAsync<EventAcceptedDto>(TriageJson.Options))!;
            acceptedAt[accepted.IssueId.ToString()] = at;
            await Task.Delay(50);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (receiver.At("latency").Count < NewIssues && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        return [.. receiver.At("latency")
            .Select(r => (Issue: r.Json.GetProperty("issue").GetProperty("id").GetString()!, r.Timestamp))
            .DistinctBy(r => r.Issue)
            .Select(r => Stopwatch.GetElapsedTime(acceptedAt[r.Issue], r.Timestamp).TotalMilliseconds)];
    }

    // Ten rules of every kind and filter, all sending to the receiver: what a busy project might have.
    private static async Task AddRulesAsync(BenchmarkEnvironment environment, Guid projectId, string url)
    {
        var destination = (await environment.Triage.CreateAlertDestinationAsync(projectId,
            new CreateAlertDestinationRequest("load", AlertChannel.Webhook, url))).Destination.Id;
        AlertRuleRequest[] rules =
        [
            new("new", AlertTrigger.NewIssue, [destination]),
            new("new errors", AlertTrigger.NewIssue, [destination], MinimumLevel: EventLevel.Error),
            new("new in production", AlertTrigger.NewIssue, [destination], Environment: "production"),
            new("new in checkout", AlertTrigger.NewIssue, [destination], TextContains: "checkout"),
            new("regressions", AlertTrigger.Regression, [destination]),
            new("regressions, fatal", AlertTrigger.Regression, [destination], MinimumLevel: EventLevel.Fatal),
            new("regressions in views", AlertTrigger.Regression, [destination], TextContains: "views"),
            new("busy", AlertTrigger.Frequency, [destination], FrequencyCount: 1000, FrequencyWindowMinutes: 10),
            new("busy in production", AlertTrigger.Frequency, [destination], Environment: "production", FrequencyCount: 100, FrequencyWindowMinutes: 5),
            new("busy errors", AlertTrigger.Frequency, [destination], MinimumLevel: EventLevel.Error, FrequencyCount: 500, FrequencyWindowMinutes: 1),
        ];
        foreach (var rule in rules)
        {
            await environment.Triage.CreateAlertRuleAsync(projectId, rule);
        }
    }
}
