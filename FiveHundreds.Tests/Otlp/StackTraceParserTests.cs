using System.Diagnostics;
using System.Runtime.CompilerServices;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.StackTraces;

namespace FiveHundreds.Tests.Otlp;

// Each parser reads a trace the runtime itself printed in this test run, not a hand-written sample (Go, which
// this machine lacks, excepted).
public sealed class StackTraceParserTests
{
    [Fact]
    public void A_dotnet_trace_gives_the_throwing_method_last_with_its_type_file_and_line()
    {
        var text = DotnetThrower.Trace(() => DotnetThrower.Checkout(0));

        var frames = new DotnetStackTraceParser().Parse(text);

        var last = frames[^1];
        Assert.Equal(typeof(DotnetThrower).FullName, last.Module);
        Assert.Equal(nameof(DotnetThrower.Checkout), last.Function);
        Assert.Equal("StackTraceParserTests.cs", last.Filename);
        Assert.Equal(DotnetThrower.ThrowLine, last.Lineno);
        Assert.Contains(frames, f => f.Function == nameof(DotnetThrower.Trace));
    }

    [Fact]
    public void A_dotnet_trace_with_an_inner_exception_gives_the_outer_exceptions_frames()
    {
        var text = DotnetThrower.Trace(DotnetThrower.Wrapping);

        var frames = new DotnetStackTraceParser().Parse(text);

        Assert.Equal(nameof(DotnetThrower.Wrapping), frames[^1].Function);
        Assert.DoesNotContain(frames, f => f.Function == nameof(DotnetThrower.Checkout));
    }

    [Fact]
    public void A_dotnet_trace_with_an_inner_exception_gives_the_inner_exception_as_the_cause_with_its_own_frames()
    {
        var text = DotnetThrower.Trace(DotnetThrower.Wrapping);

        var cause = Assert.Single(ExceptionCauses.Of(text));

        Assert.Equal(("System.InvalidOperationException", "the cart is empty"), (cause.Type, cause.Value));
        // An exception's trace runs from its throw to the frame that caught it.
        Assert.Equal([nameof(DotnetThrower.Wrapping), nameof(DotnetThrower.Checkout)], cause.Frames.Select(f => f.Function));
    }

    [Fact]
    public async Task A_node_trace_gives_app_functions_with_file_line_and_column_and_marks_node_internals_as_library()
    {
        var script = Path.Combine(Path.GetTempPath(), $"fivehundreds-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(script, """
            function checkout() { throw new TypeError('cart is empty'); }
            function handle() { checkout(); }
            setTimeout(() => { try { handle(); } catch (e) { console.log(e.stack); } }, 1);
            """);
        var text = await RunAsync("node", script);
        File.Delete(script);

        var frames = new JavaScriptStackTraceParser().Parse(text);

        Assert.StartsWith("TypeError: cart is empty", text);
        Assert.Equal(("checkout", script, 1), (frames[^1].Function, frames[^1].AbsPath, frames[^1].Lineno));
        Assert.Equal(29, frames[^1].Colno);
        Assert.Equal("handle", frames[^2].Function);
        Assert.Contains(frames, f => f.AbsPath!.StartsWith("node:", StringComparison.Ordinal)
            && FrameClassifier.IsLibraryFrame(f.Filename, f.AbsPath, f.Module, f.Function));
    }

    [Fact]
    public async Task A_python_trace_gives_the_raised_exceptions_frames_outermost_first_with_their_source_lines()
    {
        var script = string.Join('\n',
            "import traceback",
            "def load(): raise KeyError('cart')",
            "def checkout():",
            "    try:",
            "        load()",
            "    except KeyError as e:",
            "        raise ValueError('no cart') from e",
            "try:",
            "    checkout()",
            "except Exception:",
            "    print(traceback.format_exc())");
        var text = await RunAsync("/usr/bin/python3", "-c", script);

        var frames = new PythonStackTraceParser().Parse(text);

        Assert.Contains("The above exception was the direct cause", text);
        Assert.Equal(["<module>", "checkout"], frames.Select(f => f.Function));
        Assert.Equal(7, frames[^1].Lineno);
        Assert.Equal("<string>", frames[^1].AbsPath);
        var cause = Assert.Single(ExceptionCauses.Of(text));
        Assert.Equal(("KeyError", "'cart'"), (cause.Type, cause.Value));
        Assert.Equal(["checkout", "load"], cause.Frames.Select(f => f.Function));
    }

    [Fact]
    public async Task A_java_trace_gives_class_method_file_and_line_and_stops_at_the_cause()
    {
        var folder = Directory.CreateTempSubdirectory("fivehundreds-java-");
        var source = Path.Combine(folder.FullName, "Shop.java");
        await File.WriteAllTextAsync(source, """
            public class Shop {
                static void load() { throw new IllegalStateException("cart"); }
                static void checkout() {
                    try { load(); }
                    catch (IllegalStateException e) { throw new RuntimeException("checkout failed", e); }
                }
                public static void main(String[] args) {
                    try { checkout(); } catch (RuntimeException e) { e.printStackTrace(System.out); }
                }
            }
            """);
        var text = await RunAsync("java", source);
        folder.Delete(recursive: true);

        var frames = new JavaStackTraceParser().Parse(text);

        Assert.Contains("Caused by: java.lang.IllegalStateException: cart", text);
        // The source launcher's own frames (jdk.internal, com.sun.tools.javac.launcher) are library frames.
        var app = frames.Where(f => !FrameClassifier.IsLibraryFrame(f.Filename, f.AbsPath, f.Module, f.Function)).ToList();
        Assert.Equal(["main", "checkout"], app.Select(f => f.Function));
        Assert.All(app, f => Assert.Equal("Shop", f.Module));
        Assert.Equal("Shop.java", frames[^1].Filename);
        Assert.Equal(5, frames[^1].Lineno);
        var cause = Assert.Single(ExceptionCauses.Of(text));
        Assert.Equal(("java.lang.IllegalStateException", "cart"), (cause.Type, cause.Value));
        Assert.Equal(["checkout", "load"], cause.Frames.Where(f => f.Module == "Shop").Select(f => f.Function));
    }

    [Fact]
    public void A_trace_without_causes_gives_none()
    {
        Assert.Empty(ExceptionCauses.Of(DotnetThrower.Trace(() => DotnetThrower.Checkout(0))));
        Assert.Empty(ExceptionCauses.Of("something went wrong"));
    }

    [Fact]
    public void A_go_panic_gives_the_failing_goroutines_functions_with_package_file_and_line()
    {
        // The format documented for runtime/debug.Stack and panics (https://pkg.go.dev/runtime/debug#Stack).
        const string text = """
            panic: runtime error: index out of range [3] with length 3

            goroutine 1 [running]:
            github.com/shop/cart.(*Cart).Total(...)
            	/src/shop/cart/cart.go:42 +0x1d
            main.checkout(0xc000012345)
            	/src/shop/main.go:17 +0x65
            main.main()
            	/src/shop/main.go:9 +0x19
            github.com/gorilla/mux.(*Router).ServeHTTP(0xc0000b4000)
            	/root/go/pkg/mod/github.com/gorilla/mux@v1.8.1/mux.go:212 +0x1e2
            net/http.serverHandler.ServeHTTP({0xc000224000?})
            	/usr/local/go/src/net/http/server.go:3137 +0x8e

            goroutine 6 [chan receive]:
            main.worker()
            	/src/shop/main.go:30 +0x2a
            exit status 2
            """;

        var frames = new GoStackTraceParser().Parse(text);

        Assert.Equal(["serverHandler.ServeHTTP", "(*Router).ServeHTTP", "main", "checkout", "(*Cart).Total"], frames.Select(f => f.Function));
        Assert.Equal([true, true, false, false, false], frames.Select(f => FrameClassifier.IsLibraryFrame(f.Filename, f.AbsPath, f.Module, f.Function)));
        Assert.Equal("github.com/shop/cart", frames[^1].Module);
        Assert.Equal("cart.go", frames[^1].Filename);
        Assert.Equal(42, frames[^1].Lineno);
    }

    [Theory]
    [InlineData("dotnet")]
    [InlineData(null)]
    public void The_dispatcher_reads_a_trace_with_or_without_the_senders_language(string? language)
    {
        var text = DotnetThrower.Trace(() => DotnetThrower.Checkout(0));

        Assert.Equal(nameof(DotnetThrower.Checkout), StackTraceText.Parse(text, language)[^1].Function);
    }

    [Fact]
    public void A_java_trace_is_not_mistaken_for_a_dotnet_one_when_the_language_is_unknown()
    {
        const string text = "java.lang.IllegalStateException: cart\n\tat com.shop.Checkout.total(Checkout.java:42)\n";

        var frame = Assert.Single(StackTraceText.Parse(text, null));

        Assert.Equal(("com.shop.Checkout", "total", 42), (frame.Module, frame.Function, frame.Lineno));
    }

    [Fact]
    public void Text_in_no_known_format_gives_no_frames()
    {
        Assert.Empty(StackTraceText.Parse("something went wrong\nand then it went wrong again", null));
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {await errors}");
        return await output;
    }
}

public static class DotnetThrower
{
    public static int ThrowLine { get; private set; }

    public static string Trace(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            return ex.ToString();
        }
        throw new InvalidOperationException("the action did not throw");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Checkout(int items)
    {
        if (items == 0)
        {
            // One line, so that the line recorded is the line of the throw.
            ThrowLine = Line(); throw new InvalidOperationException("the cart is empty");
        }
    }

    private static int Line([CallerLineNumber] int line = 0) => line;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Wrapping()
    {
        try
        {
            Checkout(0);
        }
        catch (InvalidOperationException ex)
        {
            throw new ApplicationException("checkout failed", ex);
        }
    }
}
