using System.Collections.Concurrent;
using System.Reflection;

namespace FiveHundreds.Sdk;

// Decides in_app and the deploy-proof file name of a frame. Library frames: System.*, Microsoft.*, this SDK,
// and assemblies outside the app, i.e. neither the entry assembly nor one whose source files sit under the
// source root (NuGet packages carry their own build paths, usually the deterministic "/_/").
public sealed class FrameClassifier
{
    private static readonly string[] LibraryPrefixes = ["System", "Microsoft", "netstandard", "mscorlib", "FiveHundreds.Sdk"];

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly string? _sourceRoot;
    private readonly string[] _include;
    private readonly string[] _exclude;
    private readonly string? _entryAssembly;
    private readonly ConcurrentDictionary<Assembly, AssemblyKind> _kinds = new();

    public FrameClassifier(string? sourceRoot, IEnumerable<string>? include = null, IEnumerable<string>? exclude = null,
        string? entryAssembly = null)
    {
        _sourceRoot = sourceRoot is null ? null : Normalize(Path.GetFullPath(sourceRoot)).TrimEnd('/') + "/";
        _include = include?.ToArray() ?? [];
        _exclude = exclude?.ToArray() ?? [];
        _entryAssembly = entryAssembly;
    }

    public bool IsInApp(string assemblyName, string? module, string? absPath) =>
        IsInApp(Classify(assemblyName), module, absPath);

    internal bool IsInApp(Assembly assembly, string? module, string? absPath) =>
        IsInApp(_kinds.GetOrAdd(assembly, static (a, self) => self.Classify(a.GetName().Name ?? ""), this), module, absPath);

    private bool IsInApp(AssemblyKind kind, string? module, string? absPath)
    {
        if (module is not null && (HasPrefix(module, "System") || HasPrefix(module, "Microsoft")))
        {
            return false;
        }
        return kind switch
        {
            AssemblyKind.App => true,
            AssemblyKind.Library => false,
            _ => absPath is not null && _sourceRoot is not null && Normalize(absPath).StartsWith(_sourceRoot, PathComparison),
        };
    }

    // The path as it stays across deploys: relative to the source root, or after the "/_/" that deterministic
    // builds put in place of it, or else just the file's name (never a build or release folder).
    public string RelativeFilename(string absPath)
    {
        var path = Normalize(absPath);
        if (_sourceRoot is not null && path.StartsWith(_sourceRoot, PathComparison))
        {
            return path[_sourceRoot.Length..];
        }
        var mapped = path.IndexOf("/_/", StringComparison.Ordinal);
        return mapped >= 0 ? path[(mapped + 3)..] : Path.GetFileName(path);
    }

    private AssemblyKind Classify(string assemblyName)
    {
        if (_exclude.Any(p => HasPrefix(assemblyName, p)))
        {
            return AssemblyKind.Library;
        }
        if (_include.Any(p => HasPrefix(assemblyName, p)))
        {
            return AssemblyKind.App;
        }
        if (LibraryPrefixes.Any(p => HasPrefix(assemblyName, p)))
        {
            return AssemblyKind.Library;
        }
        return assemblyName == _entryAssembly ? AssemblyKind.App : AssemblyKind.ByFile;
    }

    // "System" matches System and System.Text but not SystemsCorp.
    private static bool HasPrefix(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && (name.Length == prefix.Length || name[prefix.Length] == '.');

    private static string Normalize(string path) => path.Replace('\\', '/');

    private enum AssemblyKind { Library, App, ByFile }
}
