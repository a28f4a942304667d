using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FiveHundreds.Sdk.Benchmarks;

if (args.Contains("--load"))
{
    await LoadRun.RunAsync(args);
    return;
}

// In-process ShortRun keeps a whole run under about two minutes on the project's 2-core machines.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .AddColumn(StatisticColumn.Median)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkRunner.Run<SdkBenchmarks>(config, args);
