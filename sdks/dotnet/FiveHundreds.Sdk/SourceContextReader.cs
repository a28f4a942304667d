using System.Collections.Concurrent;

namespace FiveHundreds.Sdk;

// Adds the source lines around each app frame, read from the file when it is on this machine. Runs on a
// sender worker; files are cached (a few, small ones) because the same frames recur.
internal sealed class SourceContextReader(int contextLines)
{
    private const int MaxCachedFiles = 64;
    private const long MaxFileBytes = 1024 * 1024;

    private readonly ConcurrentDictionary<string, string[]?> _files = new();

    public void AddContext(SdkEvent sdkEvent)
    {
        if (contextLines <= 0 || sdkEvent.Exception is null)
        {
            return;
        }
        foreach (var exception in sdkEvent.Exception.Values)
        {
            foreach (var frame in exception.Stacktrace?.Frames ?? [])
            {
                if (frame is { InApp: true, AbsPath: { } path, Lineno: { } line } && ReadLines(path) is { } lines && line <= lines.Length)
                {
                    var index = line - 1;
                    frame.PreContext = lines[Math.Max(0, index - contextLines)..index];
                    frame.ContextLine = lines[index];
                    frame.PostContext = lines[(index + 1)..Math.Min(lines.Length, index + 1 + contextLines)];
                }
            }
        }
    }

    private string[]? ReadLines(string path)
    {
        if (_files.TryGetValue(path, out var cached))
        {
            return cached;
        }
        if (_files.Count >= MaxCachedFiles)
        {
            _files.Clear();
        }
        string[]? lines = null;
        try
        {
            var file = new FileInfo(path);
            if (file.Exists && file.Length <= MaxFileBytes)
            {
                lines = File.ReadAllLines(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable source file only means no context lines.
        }
        return _files[path] = lines;
    }
}
