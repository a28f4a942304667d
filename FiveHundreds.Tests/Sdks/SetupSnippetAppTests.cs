using System.Net;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using FiveHundreds.Web.Presentation;

namespace FiveHundreds.Tests.Sdks;

// The SDKs packed by eng/pack-sdks.sh, as a user gets them from their FiveHundreds clone.
public sealed class PackedSdks : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("fivehundreds-packages-").FullName;

    public async Task InitializeAsync() =>
        await ChildProcess.RunAsync("bash", ["eng/pack-sdks.sh", Folder], FreshClone.RepositoryRoot, TimeSpan.FromMinutes(10));

    public Task DisposeAsync()
    {
        TempDirectory.Delete(Folder);
        return Task.CompletedTask;
    }
}

// The set-up snippets exactly as the dashboard shows them, followed by a new user in a new app: its install
// command, its code pasted where it says, then a request that throws. The event must arrive in the stack.
[Collection(StackCollection.Name)]
public sealed class SetupSnippetAppTests(StackFixture stack, PackedSdks packages) : IClassFixture<PackedSdks>
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_dotnet_snippet_in_a_new_aspnetcore_app_reports_its_exception()
    {
        var project = await stack.CreateProjectAsync();
        var snippet = SetupSnippets.DotNet(stack.GetEndpoint("ingest").ToString(), project.Key);
        var marker = "snippet-" + Guid.NewGuid().ToString("N");
        await using var user = new FreshUser();
        var app = Path.Combine(user.Home, "shop");

        await ChildProcess.RunAsync("dotnet", ["new", "web", "-o", app], user.Home, CommandTimeout, user.Environment);
        await RunInstallCommandAsync(snippet, "dotnet add package", app, user.Environment);
        var program = Path.Combine(app, "Program.cs");
        var template = await File.ReadAllTextAsync(program);
        Assert.Contains("var app = builder.Build();", template);
        await File.WriteAllTextAsync(program, template
            .Replace("var app = builder.Build();", snippet)
            .Replace("app.Run();", $"app.MapGet(\"/boom\", string () => throw new InvalidOperationException(\"{marker}\"));\napp.Run();"));
        await ChildProcess.RunAsync("dotnet", ["build", "-nologo", "-v", "quiet"], app, CommandTimeout, user.Environment);

        var port = FreePort.Next();
        await using (ChildProcess.Start("dotnet", ["run", "--no-build", "--urls", $"http://127.0.0.1:{port}"], app, user.Environment))
        {
            await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromMinutes(1));
            await AssertRequestFailsAsync(new Uri($"http://127.0.0.1:{port}/boom"));
            await AssertIssueArrivesAsync(project.Id, $"System.InvalidOperationException: {marker}");
        }
    }

    [Fact]
    public async Task The_django_snippet_in_a_new_django_project_reports_its_exception()
    {
        var project = await stack.CreateProjectAsync();
        var snippet = SetupSnippets.Django(stack.GetEndpoint("ingest").ToString(), project.Key);
        var marker = "snippet-" + Guid.NewGuid().ToString("N");
        await using var user = new FreshUser();
        // The app's Python environment sees Debian's Django; pip in it is the one the snippet's command finds.
        var venv = Path.Combine(user.Home, "venv");
        var python = Path.Combine(venv, "bin", "python");
        await ChildProcess.RunAsync(DjangoSdkPython.Interpreter, ["-m", "venv", "--system-site-packages", venv], user.Home, CommandTimeout);
        var environment = new Dictionary<string, string?>(user.Environment)
        {
            ["PATH"] = Path.Combine(venv, "bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
            // The wheel needs nothing else; pip is kept from looking for packages online, which this machine cannot reach.
            ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
            ["PIP_NO_INDEX"] = "1",
        };
        var site = Path.Combine(user.Home, "site");
        Directory.CreateDirectory(site);

        await RunInstallCommandAsync(snippet, "pip install", site, environment);
        await ChildProcess.RunAsync(python, ["-m", "django", "startproject", "shop", site], site, CommandTimeout, environment);
        await File.AppendAllTextAsync(Path.Combine(site, "shop", "settings.py"), "\n" + snippet + "\n");
        await File.AppendAllTextAsync(Path.Combine(site, "shop", "urls.py"), $$"""


            def boom(request):
                raise RuntimeError("{{marker}}")


            urlpatterns.append(path("boom/", boom))

            """);

        var port = FreePort.Next();
        await using (ChildProcess.Start(python, ["manage.py", "runserver", "--noreload", $"127.0.0.1:{port}"], site, environment))
        {
            await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromMinutes(1));
            await AssertRequestFailsAsync(new Uri($"http://127.0.0.1:{port}/boom/"));
            await AssertIssueArrivesAsync(project.Id, $"RuntimeError: {marker}");
        }
    }

    // The snippet's install command as printed, with only the place of the user's packages filled in.
    private async Task RunInstallCommandAsync(string snippet, string command, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment)
    {
        var line = snippet.Split('\n').Single(l => l.Contains(command));
        var commandLine = line[line.IndexOf(command, StringComparison.Ordinal)..].Replace(SetupSnippets.PackageFolder, packages.Folder);
        await ChildProcess.RunAsync("bash", ["-c", commandLine], workingDirectory, CommandTimeout, environment);
    }

    private static async Task AssertRequestFailsAsync(Uri url)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    private async Task AssertIssueArrivesAsync(Guid projectId, string title)
    {
        var triage = stack.CreateTriageClient();
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var issues = await triage.ListIssuesAsync(new IssueQuery(Project: projectId.ToString(), Status: IssueStatusFilter.All));
            if (issues.Items.Count > 0)
            {
                Assert.Equal(title, Assert.Single(issues.Items).Title);
                return;
            }
            await Task.Delay(500);
        }
        Assert.Fail($"No event arrived in project {projectId} within 30 s.");
    }
}
