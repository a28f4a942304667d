using System.Diagnostics;

namespace FiveHundreds.Tests.Infrastructure;

// The npm packages of a test's Node.js folder, installed from its lock file once per machine with `npm ci`, as
// NuGet packages are restored: pinned versions, node_modules out of git.
public static class NpmPackages
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    // installedMarkers: package folders (under node_modules) whose presence means the install already ran.
    public static async Task EnsureInstalledAsync(string folder, params string[] installedMarkers)
    {
        await Install.WaitAsync();
        try
        {
            if (installedMarkers.All(marker => Directory.Exists(Path.Combine(folder, "node_modules", marker))))
            {
                return;
            }
            using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.StandardOutput.ReadToEndAsync();
            await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(npm.ExitCode == 0, $"npm ci failed: {await errors}");
        }
        finally
        {
            Install.Release();
        }
    }
}
