using System.Diagnostics;
using System.Text.Json.Nodes;

namespace FiveHundreds.Tests;

public sealed class ManifestTests
{
    [Fact]
    public async Task The_published_manifest_has_every_resource_as_containers_with_external_endpoints_and_no_secret_values()
    {
        var output = Path.Combine(Path.GetTempPath(), $"fivehundreds-manifest-{Guid.NewGuid():N}.json");
        var appHost = typeof(FiveHundreds.AppHost.DataStores.DataStoreExtensions).Assembly.Location;
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { appHost, "--publisher", "manifest", "--output-path", output })
        {
            startInfo.ArgumentList.Add(argument);
        }
        // Even where no container engine runs, publishing must describe the containers that azd deploys.
        startInfo.Environment["DataStores__Mode"] = "LocalProcesses";
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await stdout + await stderr);

        var text = await File.ReadAllTextAsync(output);
        var resources = JsonNode.Parse(text)!["resources"]!.AsObject();
        Assert.Equal("container.v0", resources["postgres"]!["type"]!.GetValue<string>());
        Assert.Equal("value.v0", resources["fivehundreds"]!["type"]!.GetValue<string>());
        Assert.StartsWith("container.v", resources["cache"]!["type"]!.GetValue<string>());
        foreach (var service in new[] { "ingest", "web", "mcp" })
        {
            Assert.StartsWith("project.v", resources[service]!["type"]!.GetValue<string>());
            Assert.True(resources[service]!["bindings"]!["http"]!["external"]!.GetValue<bool>(), $"{service} has no external http endpoint");
        }
        // Deployed, alert emails go to the SMTP server given as parameters; no mail catcher is published.
        Assert.Null(resources["mailcatcher"]);
        var ingestEnvironment = resources["ingest"]!["env"]!.AsObject();
        Assert.Equal("{smtp-host.value}", ingestEnvironment["Alerts__Smtp__Host"]!.GetValue<string>());
        Assert.Equal("{smtp-password.value}", ingestEnvironment["Alerts__Smtp__Password"]!.GetValue<string>());
        foreach (var secret in new[] { "admin-token", "admin-password", "postgres-password", "cache-password", "smtp-password" })
        {
            Assert.True(resources[secret]!["inputs"]!["value"]!["secret"]!.GetValue<bool>(), $"{secret} is not marked secret");
        }
        // Parameters appear only as references, never as values.
        Assert.DoesNotContain("Password=", text.Replace("Password={postgres-password.value}", ""));
        File.Delete(output);
    }
}
