using System.Runtime.CompilerServices;
using System.Text.Json;
using FiveHundreds.Sdk;
using FiveHundreds.Tests.Infrastructure;

namespace FiveHundreds.Tests.Sdks;

// The event the SDK builds from an exception, without any server: frames, names, in_app, paths, scrubbing.
public sealed class DotnetSdkEventTests
{
    private static readonly string RepositoryRoot = SourceRootLocator.Find(Path.GetDirectoryName(ThisFile()))!;

    private readonly FrameClassifier _classifier = new(RepositoryRoot);

    [Fact]
    public void Frames_run_oldest_call_first_and_end_at_the_throwing_frame()
    {
        var frames = Convert(Catch(Outer)).Values.Single().Stacktrace!.Frames;

        Assert.Equal(["Catch", "Outer", "Inner"], frames.Select(f => f.Function!).ToArray());
        Assert.All(frames, f => Assert.Equal(typeof(DotnetSdkEventTests).FullName, f.Module));
    }

    [Fact]
    public void A_frame_names_its_file_relative_to_the_source_root_with_its_line()
    {
        var inner = Convert(Catch(Outer)).Values.Single().Stacktrace!.Frames[^1];

        Assert.Equal("FiveHundreds.Tests/Sdks/DotnetSdkEventTests.cs", inner.Filename);
        Assert.Equal(ThisFile(), inner.AbsPath);
        Assert.Contains("throw new InvalidOperationException", File.ReadAllLines(ThisFile())[inner.Lineno!.Value - 1]);
        Assert.True(inner.InApp);
    }

    [Fact]
    public void Framework_frames_are_not_in_app()
    {
        var frames = Convert(Catch(() => int.Parse("not a number"))).Values.Single().Stacktrace!.Frames;

        Assert.False(frames[^1].InApp);
        Assert.StartsWith("System.", frames[^1].Module);
        Assert.True(frames.Single(f => f.Function == "Catch").InApp);
    }

    [Fact]
    public void An_async_method_is_named_as_written_not_as_its_state_machine()
    {
        var frames = Convert(CatchAsync(ThrowAfterAwaitAsync)).Values.Single().Stacktrace!.Frames;

        Assert.Contains(frames, f => f.Function == nameof(ThrowAfterAwaitAsync) && f.Module == typeof(DotnetSdkEventTests).FullName);
        Assert.DoesNotContain(frames, f => f.Function == "MoveNext" && f.InApp);
    }

    [Fact]
    public void The_chain_lists_the_cause_first()
    {
        var exception = new InvalidOperationException("outer", new TimeoutException("cause"));

        var chain = Convert(exception).Values;

        Assert.Equal(["System.TimeoutException", "System.InvalidOperationException"], chain.Select(e => e.Type).ToArray());
        Assert.Equal("System", chain[0].Module);
    }

    [Theory]
    [InlineData("System.Private.CoreLib", "System.Number", "/_/src/libraries/Number.cs", false)]
    [InlineData("Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Routing.EndpointMiddleware", null, false)]
    [InlineData("Newtonsoft.Json", "Newtonsoft.Json.JsonConvert", "/_/Src/Newtonsoft.Json/JsonConvert.cs", false)]
    [InlineData("Shop.Web", "Shop.Web.Checkout", "{root}/src/Shop.Web/Checkout.cs", true)]
    [InlineData("Shop.Web", "Shop.Web.Checkout", null, false)]
    [InlineData("Shop.Web", "System.Linq.Enumerable", "{root}/src/Shop.Web/Checkout.cs", false)]
    [InlineData("FiveHundreds.Sdk.AspNetCore", "FiveHundreds.Sdk.AspNetCore.FiveHundredsMiddleware", "{root}/sdks/x.cs", false)]
    public void In_app_is_decided_by_module_assembly_and_source_location(string assembly, string module, string? path, bool expected)
    {
        Assert.Equal(expected, _classifier.IsInApp(assembly, module, path?.Replace("{root}", RepositoryRoot)));
    }

    [Fact]
    public void Include_and_exclude_options_override_the_source_location()
    {
        var classifier = new FrameClassifier(RepositoryRoot, include: ["Shop.Plugins"], exclude: ["Shop.Vendored"]);

        Assert.True(classifier.IsInApp("Shop.Plugins.Pdf", "Shop.Plugins.Pdf.Writer", "/_/Writer.cs"));
        Assert.False(classifier.IsInApp("Shop.Vendored", "Shop.Vendored.Lib", RepositoryRoot + "/Lib.cs"));
        Assert.True(new FrameClassifier(null, entryAssembly: "Shop.Web").IsInApp("Shop.Web", "Shop.Web.Checkout", null));
    }

    [Theory]
    [InlineData("/srv/shop/releases/142/src/Checkout.cs", "/srv/shop/releases/142", "src/Checkout.cs")]
    [InlineData("/srv/shop/releases/143/src/Checkout.cs", "/srv/shop/releases/143/", "src/Checkout.cs")]
    [InlineData("/_/src/Shop.Web/Checkout.cs", "/srv/shop/releases/142", "src/Shop.Web/Checkout.cs")]
    [InlineData("/home/runner/work/shop/releases/9/Checkout.cs", "/srv/shop", "Checkout.cs")]
    public void A_file_name_never_carries_a_build_or_release_folder(string absPath, string root, string expected)
    {
        Assert.Equal(expected, new FrameClassifier(root).RelativeFilename(absPath));
    }

    [Theory]
    [InlineData("Authorization", true)]
    [InlineData("cookie", true)]
    [InlineData("Set-Cookie", true)]
    [InlineData("X-Monolynx-Key", true)]
    [InlineData("DATABASE_PASSWORD", true)]
    [InlineData("db_passwd", true)]
    [InlineData("Client-Secret", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("stripe_api_key", true)]
    [InlineData("X-ApiKey", true)]
    [InlineData("Proxy-Authenticate", true)]
    [InlineData("AWS_CREDENTIALS", true)]
    [InlineData("SESSIONID", true)]
    [InlineData("private_ssh", true)]
    [InlineData("User-Agent", false)]
    [InlineData("PATH", false)]
    [InlineData("Accept-Language", false)]
    public void Secret_looking_names_are_filtered_like_the_intake_does(string name, bool secret)
    {
        Assert.Equal(secret ? SecretScrubber.Filtered : "value", new SecretScrubber().ScrubValue(name, "value"));
    }

    [Fact]
    public void Extra_scrub_names_are_filtered_too()
    {
        var scrubber = new SecretScrubber(["X-Customer-Pin"]);

        Assert.Equal(SecretScrubber.Filtered, scrubber.ScrubValue("x-customer-pin", "1234"));
        Assert.Equal(SecretScrubber.Filtered, scrubber.ScrubValue("X-Customer-Pin-Code", "1234"));
        Assert.Equal("gold", scrubber.ScrubValue("X-Customer-Tier", "gold"));
    }

    [Theory]
    [MemberData(nameof(ScrubbingCases.ForSdks), MemberType = typeof(ScrubbingCases))]
    public void Names_are_filtered_as_the_shared_table_says(ScrubbingCase row) =>
        Assert.Equal(row.Stored, new SecretScrubber(row.Names).ScrubValue(row.Name!, row.Value));

    [Fact]
    public void The_event_is_written_in_the_intakes_snake_case_format()
    {
        var sdkEvent = new SdkEvent { Exception = Convert(Catch(Outer)), Release = "shop@1.0.0" };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(sdkEvent, SdkJsonContext.Default.SdkEvent));

        var root = json.RootElement;
        Assert.Equal(sdkEvent.EventId, root.GetProperty("event_id").GetGuid());
        Assert.Equal("csharp", root.GetProperty("platform").GetString());
        Assert.Equal("fivehundreds.dotnet", root.GetProperty("sdk").GetProperty("name").GetString());
        var frame = root.GetProperty("exception").GetProperty("values")[0].GetProperty("stacktrace").GetProperty("frames").EnumerateArray().Last();
        Assert.True(frame.GetProperty("in_app").GetBoolean());
        Assert.Equal("Inner", frame.GetProperty("function").GetString());
        Assert.False(root.TryGetProperty("message", out _));
    }

    private SdkExceptionList Convert(Exception exception) => new ExceptionConverter(_classifier).Convert(exception);

    private static Exception Catch(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }
        throw new InvalidOperationException("nothing was thrown");
    }

    private static Exception CatchAsync(Func<Task> action) => Catch(() => action().GetAwaiter().GetResult());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Outer() => Inner();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Inner() => throw new InvalidOperationException("inner failed");

    private static async Task ThrowAfterAwaitAsync()
    {
        await Task.Yield();
        throw new InvalidOperationException("after await");
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
