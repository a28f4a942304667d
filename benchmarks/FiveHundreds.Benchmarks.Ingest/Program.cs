using FiveHundreds.Benchmarks.Ingest;

// Usage: FiveHundreds.Benchmarks.Ingest ingest|issue-list|intake-bounds|alerts|otlp|retention|replicas <path to the Release FiveHundreds.Ingest.dll> [options]
if (args.Length < 2 || args[0] is not ("ingest" or "issue-list" or "intake-bounds" or "alerts" or "otlp" or "retention" or "replicas"))
{
    Console.Error.WriteLine("usage: ingest|issue-list|intake-bounds|alerts|otlp|retention|replicas <FiveHundreds.Ingest.dll> [--events N] [--concurrency N] [--seed-events N] [--intake-seconds N]");
    return 2;
}
var options = BenchmarkOptions.Parse(args[2..]);
if (args[0] == "replicas")
{
    // The AppHost starts its own stacks (and the ingest it built): no benchmark environment.
    return await ReplicaBenchmark.RunAsync(options) ? 0 : 1;
}
await using var environment = await BenchmarkEnvironment.StartAsync(args[1]);
var passed = args[0] switch
{
    "ingest" => await IngestBenchmark.RunAsync(environment, options),
    "intake-bounds" => await IntakeBoundsBenchmark.RunAsync(environment),
    "alerts" => await AlertBenchmark.RunAsync(environment, options),
    "otlp" => await OtlpBenchmark.RunAsync(environment, options),
    "retention" => await RetentionBenchmark.RunAsync(environment, options),
    _ => await IssueListBenchmark.RunAsync(environment, options),
};
return passed ? 0 : 1;
