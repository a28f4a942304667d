using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FiveHundreds.Ingest.Intake;

// Groups events the way a developer would: the same exception types raised through the same app functions
// are one issue, whatever the line numbers, messages, library frames or deploy folder.
public static partial class FingerprintCalculator
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
            return ["message:" + MaskVariableParts(message ?? "")];
        }

        var hasFrames = chain.Any(e => e.Frames is { Count: > 0 });
        var hasAppFrames = chain.Any(e => e.Frames?.Any(f => f.InApp) == true);
        var parts = new List<string>();
        foreach (var exception in chain)
        {
            parts.Add("type:" + exception.Type);
            if (!hasFrames)
            {
                parts.Add("value:" + MaskVariableParts(exception.Value ?? ""));
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

    // "User 42 not found" and "User 7 not found" are one problem.
    internal static string MaskVariableParts(string text)
    {
        var masked = Uuid().Replace(text, "<uuid>");
        masked = Hex().Replace(masked, "<hex>");
        return Number().Replace(masked, "<n>");
    }

    [GeneratedRegex(@"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,}\b")]
    private static partial Regex Hex();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}
