using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Benchmarks.Ingest;

internal sealed record BenchmarkOptions(int Events, int Concurrency, int Warmup, string? WebDll, int SeedEvents, int IntakeSeconds)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
        }
        var web = Array.IndexOf(args, "--web");
        return new(Value("--events", 30_000), Value("--concurrency", 64), Value("--warmup", 3_000),
            web >= 0 && web + 1 < args.Length ? args[web + 1] : null,
            Value("--seed-events", 10_000_000), Value("--intake-seconds", 20));
    }
}

// A durable PostgreSQL, a Redis and the Release ingest, started fresh for one benchmark run.
internal sealed class BenchmarkEnvironment : IAsyncDisposable
{
    private readonly string _root;

    private BenchmarkEnvironment(string root, PostgresServer postgres, RedisServer redis, ServiceProcess ingest, string adminToken)
    {
        AdminToken = adminToken;
        _root = root;
        Postgres = postgres;
        Redis = redis;
        Ingest = ingest;
        Triage = new TriageApiClient(new HttpClient(new BearerTokenHandler(() => adminToken) { InnerHandler = new HttpClientHandler() }) { BaseAddress = ingest.Address });
    }

    public static readonly string AdminPassword = Guid.NewGuid().ToString("N");

    public PostgresServer Postgres { get; }
    public RedisServer Redis { get; }
    public ServiceProcess Ingest { get; }
    public string AdminToken { get; }
    public TriageApiClient Triage { get; }
    public string DatabaseConnectionString => Postgres.ConnectionString("fivehundreds") + ";Maximum Pool Size=100";

    public static async Task<BenchmarkEnvironment> StartAsync(string ingestDll)
    {
        var root = ServerDataDirectory.Create("fivehundreds-bench-");
        var postgres = new PostgresServer(Path.Combine(root, "postgres"), durable: true);
        var redis = new RedisServer();
        await Task.WhenAll(postgres.StartAsync(), redis.StartAsync());
        await postgres.CreateDatabaseAsync("fivehundreds");
        var adminToken = Guid.NewGuid().ToString("N");
        var ingest = await ServiceProcess.StartAsync(Path.GetFullPath(ingestDll), new Dictionary<string, string>
        {
            ["ConnectionStrings__fivehundreds"] = postgres.ConnectionString("fivehundreds"),
            ["ConnectionStrings__cache"] = redis.ConnectionString,
            ["Auth__AdminToken"] = adminToken,
            // The first owner "admin", whom the dashboard benchmark signs in as.
            ["Auth__AdminPassword"] = AdminPassword,
        });
        return new BenchmarkEnvironment(root, postgres, redis, ingest, adminToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Ingest.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
