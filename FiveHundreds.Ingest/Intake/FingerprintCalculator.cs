using System.Security.Cryptography;
using System.Text;

namespace FiveHundreds.Ingest.Intake;

// Groups events the way a developer would: the same exception types raised through the same app functions
// are one issue, whatever the line numbers, messages, library frames or deploy folder.
public static class FingerprintCalculator
{
    private static readonly string[] DefaultPlaceholders = ["{{ default }}", "{{default}}"];

    public static string Compute(IReadOnlyList<ExceptionSummary> chain, string? message, IReadOnlyList<string>? clientFingerprint = null)
    {
        var defaultParts = DefaultParts(chain, message);
        var parts = clientFingerprint is { Count: > 0 }
            ? clientFingerprint.SelectMany(p => DefaultPlaceholders.Contains(p) ? defaultParts : ["custom:" + p])
            : defaultParts;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts)));
        return Convert.ToHexStringLower(hash);
    }

    private static List<string> DefaultParts(IReadOnlyList<ExceptionSummary> chain, string? message)
    {
        if (chain.Count == 0)
        {
            return ["message:" + MessageParameterizer.Parameterize(message ?? "")];
        }

        var hasFrames = chain.Any(e => e.Frames is { Count: > 0 });
        var hasAppFrames = chain.Any(e => e.Frames?.Any(f => f.InApp) == true);
        var parts = new List<string>();
        foreach (var exception in chain)
        {
            parts.Add("type:" + exception.Type);
            // Without app code to tell one problem from another, what the exception says does, with its
            // variable parts masked.
            if (!hasAppFrames)
            {
                parts.Add("value:" + MessageParameterizer.Parameterize(exception.Value ?? ""));
            }
            if (!hasFrames)
            {
                continue;
            }
            // Without a single app frame in the whole chain, every frame counts.
            parts.AddRange((exception.Frames ?? []).Where(f => f.InApp || !hasAppFrames).Select(FrameKey));
        }
        return parts;
    }

    private static string FrameKey(FrameSummary frame) => $"frame:{StablePath(frame)}:{frame.Function}";

    // A path that survives a deploy: the relative filename, else the module, never an absolute release folder.
    internal static string StablePath(FrameSummary frame)
    {
        if (frame.Filename is { Length: > 0 } filename && !IsAbsolute(filename))
        {
            return filename.Replace('\\', '/');
        }
        if (frame.Module is { Length: > 0 } module)
        {
            return module;
        }
        var path = frame.Filename ?? frame.AbsPath;
        return path is null ? "" : Path.GetFileName(path.Replace('\\', '/'));
    }

    private static bool IsAbsolute(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || (path.Length > 2 && path[1] == ':' && path[2] is '\\' or '/');
}
