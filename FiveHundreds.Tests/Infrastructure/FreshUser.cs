using System.Reflection;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace FiveHundreds.Tests.Infrastructure;

// A new user of this machine: a HOME of their own (user secrets, development certificate, NuGet settings) and an
// empty NuGet packages folder, so that what a test runs in their name never reads or changes the developer's own.
public sealed class FreshUser : IAsyncDisposable
{
    public string Home { get; } = Directory.CreateTempSubdirectory("fivehundreds-home-").FullName;

    public string NuGetPackages { get; } = Directory.CreateTempSubdirectory("fivehundreds-nuget-").FullName;

    // The file the AppHost keeps its persisted parameters in when this user runs it (its user secrets).
    public string AppHostUserSecretsFile => Path.Combine(Home, ".microsoft", "usersecrets",
        typeof(FiveHundreds.AppHost.DataStores.DataStoreExtensions).Assembly.GetCustomAttribute<UserSecretsIdAttribute>()!.UserSecretsId,
        "secrets.json");

    // What this user's terminal has: their HOME and packages folder, and nothing of the test run's own settings.
    public IReadOnlyDictionary<string, string?> Environment
    {
        get
        {
            var environment = new Dictionary<string, string?>
            {
                ["HOME"] = Home,
                ["NUGET_PACKAGES"] = NuGetPackages,
                ["SSL_CERT_DIR"] = null,
                ["DOTNET_ENVIRONMENT"] = null,
                ["ASPNETCORE_ENVIRONMENT"] = null,
            };
            // dotnet test hands its MSBuild and test platform settings to the test host; a user's shell has none.
            foreach (var name in System.Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(IsTestRunSetting))
            {
                environment[name] = null;
            }
            return environment;
        }
    }

    public ValueTask DisposeAsync()
    {
        TempDirectory.Delete(Home);
        TempDirectory.Delete(NuGetPackages);
        return ValueTask.CompletedTask;
    }

    private static bool IsTestRunSetting(string name) =>
        new[] { "MSBUILD", "VSTEST", "DataStores__", "Parameters__" }.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}

public static class TempDirectory
{
    public static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be closing its files; the temp folder is cleaned by the OS later.
        }
    }
}
