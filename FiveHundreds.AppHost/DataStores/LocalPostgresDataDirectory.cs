using System.Diagnostics;

namespace FiveHundreds.AppHost.DataStores;

// Creates the local PostgreSQL data folder with initdb the first time; later runs keep its data.
public static class LocalPostgresDataDirectory
{
    public static async Task EnsureInitializedAsync(string binDirectory, string dataDirectory, string? password, bool asRoot, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }
        ArgumentException.ThrowIfNullOrEmpty(password);
        Directory.CreateDirectory(dataDirectory);

        var passwordFile = Path.Combine(Path.GetTempPath(), $"fivehundreds-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, password, ct);
        try
        {
            if (asRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", dataDirectory, passwordFile], ct);
            }
            var initdb = Path.Combine(binDirectory, "initdb");
            string[] initdbArgs = ["-D", dataDirectory, "-U", LocalPostgresServerResource.UserName, "--pwfile", passwordFile,
                "--auth", "scram-sha-256", "--encoding", "UTF8", "--locale", "C.UTF-8"];
            if (asRoot)
            {
                await RunAsync("runuser", ["-u", "postgres", "--", initdb, .. initdbArgs], ct);
            }
            else
            {
                await RunAsync(initdb, initdbArgs, ct);
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task RunAsync(string program, string[] arguments, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
