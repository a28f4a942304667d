namespace FiveHundreds.Sdk;

// Finds the folder that frame file names are made relative to: the nearest one above the start that holds a
// repository or a solution, so that "src/Shop/Checkout.cs" reads the same on every machine that built it.
public static class SourceRootLocator
{
    public static string? Find(string? start)
    {
        for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && HoldsRepositoryOrSolution(dir))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    private static bool HoldsRepositoryOrSolution(DirectoryInfo dir)
    {
        try
        {
            return Path.Exists(Path.Combine(dir.FullName, ".git"))
                || dir.EnumerateFiles("*.sln").Any()
                || dir.EnumerateFiles("*.slnx").Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder the app may not list is not its source root; the search goes on above it.
            return false;
        }
    }
}
