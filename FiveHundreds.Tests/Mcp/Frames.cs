using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Mcp;

// Stack frames as the triage API returns them, for the formatting tests.
internal static class Frames
{
    public static StackFrameDto App(string file, string function, int line, string? contextLine = null,
        IReadOnlyList<string>? pre = null, IReadOnlyList<string>? post = null) =>
        new(file, "/srv/app/" + file, function, file.Replace('/', '.').Replace(".py", ""), line, null, true,
            pre, contextLine, post);

    public static StackFrameDto Library(string module, string function, int line) =>
        new(module.Replace('.', '/') + ".py", null, function, module, line, null, false, null, null, null);

    // The shape a deep framework stack has: hundreds of library frames around a few app frames.
    public static StacktraceDto FrameworkStack(int total, params StackFrameDto[] appFrames)
    {
        var frames = new List<StackFrameDto>();
        var libraryFrames = total - appFrames.Length;
        var perGap = libraryFrames / (appFrames.Length + 1);
        var modules = new[] { "django.core.handlers.base", "asgiref.sync", "gunicorn.workers.sync", "django.db.models.query" };
        var next = 0;
        for (var gap = 0; gap <= appFrames.Length; gap++)
        {
            var count = gap == appFrames.Length ? libraryFrames - perGap * appFrames.Length : perGap;
            for (var i = 0; i < count; i++, next++)
            {
                frames.Add(Library(modules[next % modules.Length], "call_" + next, 100 + next));
            }
            if (gap < appFrames.Length)
            {
                frames.Add(appFrames[gap]);
            }
        }
        return new StacktraceDto(frames);
    }
}
