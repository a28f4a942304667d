using FiveHundreds.Sdk;

namespace FiveHundreds.Tests.Infrastructure;

// This repository as a new user has it after `git clone` (the files git tracks or would track, no build output),
// in the hands of a fresh user: a first run on a new machine that never touches the developer's secrets, data or
// builds.
public sealed class FreshClone : IAsyncDisposable
{
    public static readonly string RepositoryRoot = SourceRootLocator.Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("No repository found above " + AppContext.BaseDirectory);

    private FreshClone(string root) => Root = root;

    public string Root { get; }

    public FreshUser User { get; } = new();

    public static async Task<FreshClone> CreateAsync()
    {
        // PostgreSQL runs as the postgres user when tests run as root: it must be able to enter the clone's folders.
        var root = ServerDataDirectory.Create("fivehundreds-clone-");
        var files = await ChildProcess.RunAsync("git", ["ls-files", "-co", "--exclude-standard"], RepositoryRoot, TimeSpan.FromMinutes(1));
        foreach (var file in files.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var source = Path.Combine(RepositoryRoot, file);
            if (File.Exists(source))
            {
                var target = Path.Combine(root, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }
        }
        return new FreshClone(root);
    }

    public async ValueTask DisposeAsync()
    {
        await User.DisposeAsync();
        TempDirectory.Delete(Root);
    }
}
