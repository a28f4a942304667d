using System.Diagnostics;
using System.Reflection;

namespace FiveHundreds.Sdk;

// Turns an exception and its causes into the intake's exception list: cause first, frames oldest call first.
// Runs on the capturing thread, so it does no file I/O (source lines are added by a sender worker).
public sealed class ExceptionConverter(FrameClassifier classifier)
{
    private const int MaxChainLength = 10;

    public SdkExceptionList Convert(Exception exception)
    {
        var chain = new List<SdkException>();
        for (var current = exception; current is not null && chain.Count < MaxChainLength; current = current.InnerException)
        {
            var type = current.GetType();
            chain.Add(new SdkException(type.FullName ?? type.Name, current.Message, type.Namespace, ConvertStackTrace(current)));
        }
        chain.Reverse();
        return new SdkExceptionList(chain);
    }

    private SdkStacktrace? ConvertStackTrace(Exception exception)
    {
        var frames = new StackTrace(exception, fNeedFileInfo: true).GetFrames();
        if (frames.Length == 0)
        {
            return null;
        }
        var converted = new List<SdkFrame>(frames.Length);
        for (var i = frames.Length - 1; i >= 0; i--)
        {
            if (frames[i].GetMethod() is { } method)
            {
                converted.Add(ConvertFrame(frames[i], method));
            }
        }
        return new SdkStacktrace(converted);
    }

    private SdkFrame ConvertFrame(StackFrame frame, MethodBase method)
    {
        var (module, function) = Names(method);
        var absPath = frame.GetFileName();
        var line = frame.GetFileLineNumber();
        var column = frame.GetFileColumnNumber();
        return new SdkFrame
        {
            Filename = absPath is null ? null : classifier.RelativeFilename(absPath),
            AbsPath = absPath,
            Function = function,
            Module = module,
            Lineno = line > 0 ? line : null,
            Colno = column > 0 ? column : null,
            InApp = classifier.IsInApp(method.Module.Assembly, module, absPath),
        };
    }

    // The names a developer wrote: an async or iterator method runs as MoveNext of a generated "<Name>d__N"
    // type, and lambdas live in generated nested types; both are reported on the enclosing type.
    internal static (string? Module, string Function) Names(MethodBase method)
    {
        var type = method.DeclaringType;
        var function = method.Name;
        if (type is not null && IsGenerated(type.Name))
        {
            if (function == "MoveNext")
            {
                function = type.Name[1..type.Name.LastIndexOf('>')];
            }
            while (type.DeclaringType is not null && IsGenerated(type.Name))
            {
                type = type.DeclaringType;
            }
        }
        return (type?.FullName, function);
    }

    private static bool IsGenerated(string typeName) => typeName.StartsWith('<');
}
