using System.Text.RegularExpressions;

namespace FiveHundreds.Ingest.Intake;

// Decides whether a stack frame is the application's own code or a library's, for SDKs that do not say.
// Library frames take no part in grouping, so that a framework upgrade never splits an issue.
public static partial class FrameClassifier
{
    private static readonly string[] LibraryModulePrefixes =
    [
        // .NET: the base class library and ASP.NET Core.
        "System.", "Microsoft.", "Windows.",
        // Java and the JVM.
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.",
    ];

    public static bool IsLibraryFrame(string? filename, string? absPath, string? module, string? function)
    {
        foreach (var path in new[] { filename, absPath })
        {
            if (path is not null && IsLibraryPath(path.Replace('\\', '/')))
            {
                return true;
            }
        }
        var qualifiedName = module ?? function;
        return qualifiedName is not null
            && (qualifiedName is "System" or "Microsoft" || LibraryModulePrefixes.Any(p => qualifiedName.StartsWith(p, StringComparison.Ordinal)));
    }

    private static bool IsLibraryPath(string path) =>
        path.Contains("/site-packages/") || path.Contains("/dist-packages/")
        || path.StartsWith("site-packages/") || path.StartsWith("dist-packages/")
        || path.StartsWith("<frozen ") || PythonStandardLibrary().IsMatch(path)
        || path.Contains("node_modules/") || path.StartsWith("node:") || path.StartsWith("internal/")
        // Go: the module cache holds every dependency; the standard library lives in the toolchain's folder.
        || path.Contains("/go/pkg/mod/") || path.StartsWith("/usr/local/go/src/") || path.StartsWith("/usr/lib/go/src/");

    [GeneratedRegex(@"/lib/python\d+(\.\d+)?/|/lib64/python\d+(\.\d+)?/|^/usr/lib/python3/", RegexOptions.CultureInvariant)]
    private static partial Regex PythonStandardLibrary();
}
