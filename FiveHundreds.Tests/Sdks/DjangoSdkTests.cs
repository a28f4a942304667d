using System.Diagnostics;
using System.Text.Json;
using FiveHundreds.Sdk;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Sdks;

// Runs the Python SDK with Debian's Django (/usr/bin/python3: the pyenv python3 on PATH does not see it).
internal static class DjangoSdkPython
{
    public static readonly string Interpreter =
        Environment.GetEnvironmentVariable("FIVEHUNDREDS_DJANGO_PYTHON") ?? "/usr/bin/python3";

    public static readonly string SdkRoot = Path.Combine(
        SourceRootLocator.Find(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("No repository or solution found above " + AppContext.BaseDirectory),
        "sdks", "python");

    public static async Task<(int ExitCode, string Output)> RunAsync(
        IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Interpreter)
        {
            WorkingDirectory = SdkRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Interpreter} {string.Join(' ', arguments)} did not finish:\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}

// The SDK's own unittest suite (fault cases against real local servers, scrubbing, frames, shutdown flush), so
// that `dotnet test` and CI run it.
public sealed class DjangoSdkPythonTests
{
    [Fact]
    public async Task The_python_sdk_unittest_suite_passes()
    {
        var (exitCode, output) = await DjangoSdkPython.RunAsync(["-m", "unittest", "discover", "-s", "tests", "-t", "."]);

        Assert.True(exitCode == 0, "The Python SDK's tests failed:\n" + output);
    }
}

[Collection(StackCollection.Name)]
public sealed class DjangoSdkIngestTests(StackFixture stack)
{
    [Fact]
    public async Task A_Django_view_exception_arrives_grouped_under_the_view_with_secrets_filtered_across_releases()
    {
        var project = await stack.CreateProjectAsync();
        var releases = Directory.CreateTempSubdirectory("fivehundreds-django-shop-").FullName;
        var headerSecret = "header-" + Guid.NewGuid().ToString("N");
        var variableSecret = "variable-" + Guid.NewGuid().ToString("N");
        try
        {
            // Twice from one line in release 142, then once from release 143 where the line moved down.
            await RunShopAsync(project.Key, Path.Combine(releases, "142"), shift: 0, times: 2, headerSecret, variableSecret);
            await RunShopAsync(project.Key, Path.Combine(releases, "143"), shift: 4, times: 1, headerSecret, variableSecret);
        }
        finally
        {
            Directory.Delete(releases, recursive: true);
        }

        var triage = stack.CreateTriageClient();
        var issues = await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString(), Status: IssueStatusFilter.All));
        var issue = Assert.Single(issues.Items);
        Assert.Equal(3, issue.EventCount);
        Assert.Equal("KeyError: 'sku-9'", issue.Title);
        Assert.Equal("shop.views in checkout", issue.Culprit);

        var summaries = await triage.ListIssueEventsAsync(issue.Id);
        Assert.Equal(3, summaries.Items.Count);
        var events = await Task.WhenAll(summaries.Items.Select(e => triage.GetEventAsync(e.Id)));
        foreach (var @event in events)
        {
            Assert.Equal("python", @event.Platform);
            var raised = Assert.Single(@event.Exception!.Values);
            Assert.Equal("KeyError", raised.Type);
            var view = raised.Stacktrace!.Frames[^1];
            Assert.Equal(("shop/views.py", "checkout", "shop.views", true), (view.Filename, view.Function, view.Module, view.InApp));
            Assert.All(raised.Stacktrace.Frames.SkipLast(1), frame => Assert.False(frame.InApp, frame.Filename));
            Assert.Equal("GET", @event.Request!.Method);
            Assert.Equal("http://shop.example/checkout?sku=9", @event.Request.Url);
            Assert.Equal("[Filtered]", @event.Request.Headers!["X-Shop-Token"]);
            Assert.Equal("[Filtered]", @event.Environment!["SHOP_DATABASE_PASSWORD"]);
        }
        var linesByRelease = events
            .GroupBy(e => e.Release)
            .ToDictionary(g => g.Key!, g => g.Select(e => e.Exception!.Values[0].Stacktrace!.Frames[^1].Lineno).Distinct().Single());
        Assert.Equal(["shop@142", "shop@143"], linesByRelease.Keys.Order());
        Assert.Equal(linesByRelease["shop@142"] + 4, linesByRelease["shop@143"]);

        var stored = JsonSerializer.Serialize(events, TriageJson.Options);
        Assert.DoesNotContain(headerSecret, stored);
        Assert.DoesNotContain(variableSecret, stored);
    }

    private async Task RunShopAsync(string key, string releaseDir, int shift, int times, string headerSecret, string variableSecret)
    {
        var (exitCode, output) = await DjangoSdkPython.RunAsync(
            [
                "tests/ingest_shop.py", "--endpoint", stack.GetEndpoint("ingest").ToString(), "--key", key,
                "--release-dir", releaseDir, "--shift", shift.ToString(), "--times", times.ToString(),
            ],
            new Dictionary<string, string>
            {
                ["SHOP_HEADER_SECRET"] = headerSecret,
                ["SHOP_DATABASE_PASSWORD"] = variableSecret,
            });
        Assert.True(exitCode == 0, $"The Django shop ({releaseDir}) did not get every event acknowledged:\n{output}");
    }
}
