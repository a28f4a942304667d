namespace FiveHundreds.AppHost.DataStores;

// Finds the machine's own PostgreSQL and Redis server programs for the no-container run mode.
public static class LocalServerBinaries
{
    public static string FindPostgresBinDirectory()
    {
        var onPath = FindOnPath("pg_ctl");
        if (onPath is not null)
        {
            return Path.GetDirectoryName(ResolveLinks(onPath))!;
        }

        const string debianRoot = "/usr/lib/postgresql";
        var newest = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

        return newest ?? throw new InvalidOperationException(
            "No container engine is available and no PostgreSQL server was found (looked for pg_ctl on PATH and " +
            "in /usr/lib/postgresql/*/bin). Install one with 'apt-get install -y postgresql' (Debian/Ubuntu) or " +
            "'brew install postgresql@15' (macOS), or start Docker and run again.");
    }

    // searchPath: a PATH-style folder list to search instead of the process's PATH.
    public static string FindRedisServer(string? searchPath = null) =>
        FindOnPath("redis-server", searchPath) ?? throw new InvalidOperationException(
            "No container engine is available and redis-server was not found on PATH. Install it with " +
            "'apt-get install -y redis-server' (Debian/Ubuntu) or 'brew install redis' (macOS), or start Docker " +
            "and run again.");

    private static string? FindOnPath(string program, string? searchPath = null) =>
        (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    private static string ResolveLinks(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
}
