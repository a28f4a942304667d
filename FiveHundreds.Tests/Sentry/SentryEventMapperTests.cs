using System.Text;
using System.Text.Json.Nodes;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.Sentry;

namespace FiveHundreds.Tests.Sentry;

public sealed class SentryEventMapperTests
{
    private static readonly EventParser Parser = new(new IntakeOptions());

    private static JsonObject Map(string sentryJson, string? envelopeEventId = null) =>
        SentryEventMapper.Map(new JsonSanitizer(new IntakeOptions()).ReadObject(Encoding.UTF8.GetBytes(sentryJson)), envelopeEventId);

    private static ParsedEvent MapAndParse(string sentryJson) =>
        new SecretScrubber().Scrub(Parser.ParseSentry(Encoding.UTF8.GetBytes(sentryJson), null), storeIpAddresses: true);

    // What sentry_sdk 1.9.10 sends for a ZeroDivisionError raised in shop/views.py (trimmed).
    private const string PythonEvent = """
        {"level":"error","event_id":"bc0d2cb3237f47c5abe476efa10d0fe3","timestamp":"2026-11-28T02:45:19.560871Z",
         "platform":"python","release":"shop@1","environment":"production","server_name":"web-1",
         "exception":{"values":[{"module":null,"type":"ZeroDivisionError","value":"division by zero","mechanism":{"type":"django","handled":false},
           "stacktrace":{"frames":[
             {"filename":"django/core/handlers/base.py","abs_path":"/usr/lib/python3/dist-packages/django/core/handlers/base.py","function":"_get_response","module":"django.core.handlers.base","lineno":181,"in_app":false,"vars":{}},
             {"filename":"shop/views.py","abs_path":"/srv/shop/releases/7/shop/views.py","function":"checkout","module":"shop.views","lineno":42,
              "pre_context":["def checkout(request):"],"context_line":"    return 1 / 0","post_context":[],"vars":{"password":"'hunter2'"},"in_app":true}]}}]},
         "contexts":{"runtime":{"name":"CPython","version":"3.11.2"}},"extra":{"sys.argv":["manage.py"]},
         "sdk":{"name":"sentry.python","version":"1.9.10"}}
        """;

    [Fact]
    public void A_python_event_keeps_its_exception_frames_mechanism_contexts_and_extra()
    {
        var native = Map(PythonEvent);

        var exception = native["exception"]!["values"]![0]!;
        Assert.Equal("ZeroDivisionError", (string?)exception["type"]);
        Assert.Equal("django", (string?)exception["mechanism"]!["type"]);
        var appFrame = exception["stacktrace"]!["frames"]![1]!;
        Assert.Equal("shop/views.py", (string?)appFrame["filename"]);
        Assert.Equal("shop.views", (string?)appFrame["module"]);
        Assert.Equal(42, (long?)appFrame["lineno"]);
        Assert.Equal("    return 1 / 0", (string?)appFrame["context_line"]);
        Assert.Equal("CPython", (string?)native["contexts"]!["runtime"]!["name"]);
        Assert.Equal("manage.py", (string?)native["extra"]!["sys.argv"]![0]);
        Assert.Equal("shop@1", (string?)native["release"]);
    }

    [Fact]
    public void Frame_local_variables_are_not_kept()
    {
        var frames = Map(PythonEvent)["exception"]!["values"]![0]!["stacktrace"]!["frames"]!.AsArray();

        Assert.All(frames, f => Assert.False(f!.AsObject().ContainsKey("vars")));
    }

    [Fact]
    public void The_deploy_environment_becomes_a_tag_because_the_native_environment_holds_variables()
    {
        var native = Map(PythonEvent);

        Assert.False(native.ContainsKey("environment"));
        Assert.Equal("production", (string?)native["tags"]!["environment"]);
    }

    [Fact]
    public void A_python_event_groups_with_the_same_error_sent_in_the_native_format()
    {
        var native = Parser.Parse(Encoding.UTF8.GetBytes("""
            {"exception":{"values":[{"type":"ZeroDivisionError","value":"division by zero","stacktrace":{"frames":[
              {"filename":"django/core/handlers/base.py","abs_path":"/usr/lib/python3/dist-packages/django/core/handlers/base.py","function":"_get_response","module":"django.core.handlers.base","lineno":180,"in_app":false},
              {"filename":"shop/views.py","abs_path":"/srv/shop/releases/8/shop/views.py","function":"checkout","module":"shop.views","lineno":47,"in_app":true}]}}]}}
            """));

        var sentry = MapAndParse(PythonEvent);

        Assert.Equal(FingerprintCalculator.Compute(native.Chain, native.Message), FingerprintCalculator.Compute(sentry.Chain, sentry.Message));
    }

    [Fact]
    public void A_dotnet_signature_becomes_type_and_method_and_keeps_the_raw_form()
    {
        var frame = Map("""
            {"platform":"csharp","exception":{"values":[{"type":"System.InvalidOperationException","value":"empty",
             "stacktrace":{"frames":[{"filename":"Orders/Checkout.cs","function":"async Task Checkout.PlaceAsync(Cart cart)","lineno":12,"in_app":true}]}}]}}
            """)["exception"]!["values"]![0]!["stacktrace"]!["frames"]![0]!;

        Assert.Equal("Checkout", (string?)frame["module"]);
        Assert.Equal("PlaceAsync", (string?)frame["function"]);
        Assert.Equal("async Task Checkout.PlaceAsync(Cart cart)", (string?)frame["raw_function"]);
    }

    [Fact]
    public void Function_names_of_other_platforms_or_with_a_module_are_left_alone()
    {
        var python = Map("""{"platform":"python","exception":{"values":[{"type":"E","stacktrace":{"frames":[{"function":"a.b(c)"}]}}]}}""");
        var withModule = Map("""{"platform":"csharp","exception":{"values":[{"type":"E","stacktrace":{"frames":[{"function":"void A.B()","module":"Ns.A"}]}}]}}""");

        Assert.Equal("a.b(c)", (string?)python["exception"]!["values"]![0]!["stacktrace"]!["frames"]![0]!["function"]);
        Assert.Equal("void A.B()", (string?)withModule["exception"]!["values"]![0]!["stacktrace"]!["frames"]![0]!["function"]);
    }

    [Fact]
    public void A_dotnet_error_thrown_from_another_line_of_the_same_method_keeps_its_fingerprint()
    {
        static string Event(int line) => $$$"""
            {"platform":"csharp","exception":{"values":[{"type":"System.InvalidOperationException","value":"empty","stacktrace":{"frames":[
              {"function":"void ThreadPoolWorkQueue.Dispatch()","in_app":false},
              {"filename":"Orders/Checkout.cs","function":"void Checkout.Place(int items)","lineno":{{{line}}},"colno":9,"in_app":true}]}}]}}
            """;
        var first = MapAndParse(Event(12));
        var moved = MapAndParse(Event(30));

        Assert.Equal(FingerprintCalculator.Compute(first.Chain, null), FingerprintCalculator.Compute(moved.Chain, null));
        Assert.Equal("Checkout in Place", IssueTitle.CulpritFor(first.Chain));
    }

    [Theory]
    [InlineData("""{"logentry":{"formatted":"User 7 not found","message":"User %s not found"},"message":"ignored"}""", "User 7 not found")]
    [InlineData("""{"logentry":{"message":"User %s not found","params":["7"]}}""", "User %s not found")]
    [InlineData("""{"message":{"formatted":"cache cold"}}""", "cache cold")]
    [InlineData("""{"message":"plain text"}""", "plain text")]
    public void The_message_comes_from_logentry_or_message_in_either_form(string sentryJson, string expected)
    {
        Assert.Equal(expected, (string?)Map(sentryJson)["message"]);
    }

    [Fact]
    public void Request_pairs_and_strings_become_the_native_shapes_and_are_scrubbed()
    {
        var parsed = MapAndParse("""
            {"message":"m","request":{"url":"https://shop.example/cart","method":"POST",
             "headers":[["User-Agent","curl"],["Authorization","Bearer x"]],
             "query_string":[["page","2"],["q","a b"]],
             "cookies":"theme=dark; sessionid=abc",
             "data":{"card":"4111","password":"p"}}}
            """);

        var request = parsed.Request!;
        Assert.Equal("curl", (string?)request["headers"]!["User-Agent"]);
        Assert.Equal(SecretScrubber.Filtered, (string?)request["headers"]!["Authorization"]);
        Assert.Equal("page=2&q=a%20b", (string?)request["query_string"]);
        Assert.Equal("dark", (string?)request["cookies"]!["theme"]);
        Assert.Equal(SecretScrubber.Filtered, (string?)request["cookies"]!["sessionid"]);
        Assert.Equal(SecretScrubber.Filtered, (string?)request["data"]!["password"]);
    }

    [Fact]
    public void Tags_as_pairs_become_an_object()
    {
        var tags = Map("""{"message":"m","tags":[["tier","gold"],["region","eu"]]}""")["tags"]!;

        Assert.Equal("gold", (string?)tags["tier"]);
        Assert.Equal("eu", (string?)tags["region"]);
    }

    [Fact]
    public void The_envelope_event_id_is_used_when_the_event_has_none()
    {
        Assert.Equal("9ec79c33ec9942ab8353589fcb2e04dc", (string?)Map("""{"message":"m"}""", "9ec79c33ec9942ab8353589fcb2e04dc")["event_id"]);
        Assert.Equal("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", (string?)Map("""{"message":"m","event_id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""", "bbbb")["event_id"]);
    }

    [Fact]
    public void A_32_hex_event_id_and_a_numeric_timestamp_pass_the_native_checks()
    {
        var parsed = MapAndParse("""{"message":"m","event_id":"bc0d2cb3237f47c5abe476efa10d0fe3","timestamp":1764297919.5}""");

        Assert.Equal(Guid.Parse("bc0d2cb3237f47c5abe476efa10d0fe3"), parsed.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764297919500), parsed.Timestamp);
    }

    [Theory]
    [InlineData("""{"message":"m","tags":"gold"}""", "tags")]
    [InlineData("""{"exception":{"values":"none"}}""", "exception.values")]
    [InlineData("""{"message":42}""", "message")]
    [InlineData("""{"exception":{"values":[{"type":"E","stacktrace":{"frames":[{"lineno":"12"}]}}]}}""", "exception.values[0].stacktrace.frames[0].lineno")]
    public void Shapes_the_mapper_does_not_know_are_passed_on_for_the_parser_to_name(string sentryJson, string field)
    {
        Assert.Equal(field, Assert.Throws<EventValidationException>(() => MapAndParse(sentryJson)).Field);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"message":"\ud800"}""")]
    public void A_body_that_is_not_an_event_object_is_invalid(string body)
    {
        Assert.Equal("(body)", Assert.Throws<EventValidationException>(() => Map(body)).Field);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_invalid()
    {
        var deep = "{\"message\":\"m\",\"extra\":" + string.Concat(Enumerable.Repeat("[", 80)) + string.Concat(Enumerable.Repeat("]", 80)) + "}";

        Assert.Contains("deeper", Assert.Throws<EventValidationException>(() => Map(deep)).Message);
    }
}
