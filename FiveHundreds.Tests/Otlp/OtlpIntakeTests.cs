using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using FiveHundreds.Ingest.Apis;
using FiveHundreds.Ingest.Intake.Otlp;
using FiveHundreds.Ingest.Intake.Otlp.Proto;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using Google.Protobuf;
using static FiveHundreds.Tests.Otlp.OtlpRequests;

namespace FiveHundreds.Tests.Otlp;

[Collection(IngestCollection.Name)]
public sealed class OtlpIntakeTests(IngestFixture ingest)
{
    [Fact]
    public async Task A_json_span_with_hex_ids_and_gzip_becomes_an_event_carrying_its_trace_context()
    {
        var project = await ingest.CreateProjectAsync();
        const string traceId = "5b8efff798038103d269b633813fc60c";
        var json = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}},
              {"key":"service.version","value":{"stringValue":"3.1"}},{"key":"telemetry.sdk.language","value":{"stringValue":"nodejs"}},
              {"key":"process.command_args","value":{"arrayValue":{"values":[{"stringValue":"node"}]}}}]},
             "scopeSpans":[{"scope":{"name":"express"},"spans":[{"traceId":"TRACE_ID","spanId":"eee19b7ec3c1b174","parentSpanId":"",
              "name":"GET /cart","kind":2,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000100000000",
              "attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}},{"key":"http.response.status_code","value":{"intValue":"500"}}],
              "events":[{"timeUnixNano":"1700000000050000000","name":"exception","attributes":[
                {"key":"exception.type","value":{"stringValue":"TypeError"}},
                {"key":"exception.message","value":{"stringValue":"cart is undefined"}},
                {"key":"exception.stacktrace","value":{"stringValue":"TypeError: cart is undefined\n    at total (/app/src/cart.js:10:5)\n    at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)"}}]}]}]}]}]}
            """.Replace("TRACE_ID", traceId);
        var content = new ByteArrayContent(Gzip(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await ingest.PostAsync(OtlpApi.TracesPath, project.Key, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var issue = Assert.Single((await ingest.CreateTriageClient().ListIssuesAsync(new IssueQuery(Project: project.Id.ToString()))).Items);
        Assert.Equal("TypeError: cart is undefined", issue.Title);
        Assert.Equal("cart.js in total", issue.Culprit);
        var latest = (await ingest.CreateTriageClient().GetIssueAsync(issue.Id)).LatestEvent!;
        Assert.Equal(traceId, latest.Extra!.Value.GetProperty("contexts").GetProperty("trace").GetProperty("trace_id").GetString());
        Assert.Equal("eee19b7ec3c1b174", latest.Extra!.Value.GetProperty("contexts").GetProperty("trace").GetProperty("span_id").GetString());
        Assert.Equal("500", latest.Tags!["http.response.status_code"]);
        Assert.Equal("3.1", latest.Release);
        Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 13, 20, 50, TimeSpan.Zero), latest.OccurredAt);
    }

    [Fact]
    public async Task Spans_without_exceptions_are_accepted_with_an_empty_answer_and_file_nothing()
    {
        var project = await ingest.CreateProjectAsync();

        using var response = await ingest.PostTracesAsync(project.Key, Traces([.. Enumerable.Range(0, 100).Select(_ => Span())]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(answer.PartialSuccess);
        Assert.Equal(0L, await ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p", ("p", project.Id)));
    }

    [Fact]
    public async Task A_log_record_with_exception_attributes_becomes_an_event_with_its_message_and_logger()
    {
        var project = await ingest.CreateProjectAsync();
        var logs = new ExportLogsServiceRequest
        {
            ResourceLogs =
            {
                new ResourceLogs
                {
                    Resource = new Resource { Attributes = { Attribute("service.name", "worker") } },
                    ScopeLogs =
                    {
                        new ScopeLogs
                        {
                            Scope = new InstrumentationScope { Name = "Shop.Worker" },
                            LogRecords =
                            {
                                new LogRecord { SeverityNumber = 9, Body = new AnyValue { StringValue = "started" } },
                                new LogRecord
                                {
                                    SeverityNumber = 17, Body = new AnyValue { StringValue = "Order 7 failed" },
                                    Attributes = { Attribute("exception.type", "System.InvalidOperationException"), Attribute("exception.message", "the cart is empty"), Attribute("exception.stacktrace", DotnetTrace) },
                                },
                            },
                        },
                    },
                },
            },
        };

        using var response = await ingest.PostAsync(OtlpApi.LogsPath, project.Key, Protobuf(logs.ToByteArray()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var issue = Assert.Single((await ingest.CreateTriageClient().ListIssuesAsync(new IssueQuery(Project: project.Id.ToString()))).Items);
        Assert.Equal("Shop.Checkout in Total", issue.Culprit);
        var latest = (await ingest.CreateTriageClient().GetIssueAsync(issue.Id)).LatestEvent!;
        Assert.Equal("Order 7 failed", latest.Message);
        Assert.Equal("Shop.Worker", latest.Tags!["logger"]);
    }

    [Fact]
    public async Task A_retried_batch_files_each_exception_once()
    {
        var project = await ingest.CreateProjectAsync();
        var traces = Traces(Span(ExceptionEvent()));

        (await ingest.PostTracesAsync(project.Key, traces)).Dispose();
        (await ingest.PostTracesAsync(project.Key, traces)).Dispose();

        Assert.Equal(1L, await ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p", ("p", project.Id)));
    }

    [Fact]
    public async Task The_inner_exception_a_dotnet_trace_prints_becomes_the_cause_before_the_exception_reported()
    {
        var project = await ingest.CreateProjectAsync();
        var trace = DotnetThrower.Trace(DotnetThrower.Wrapping);

        (await ingest.PostTracesAsync(project.Key, Traces(Span(ExceptionEvent("System.ApplicationException", "checkout failed", trace))))).Dispose();

        var issue = Assert.Single((await ingest.CreateTriageClient().ListIssuesAsync(new IssueQuery(Project: project.Id.ToString()))).Items);
        var chain = (await ingest.CreateTriageClient().GetIssueAsync(issue.Id)).LatestEvent!.Exception!.Values;
        Assert.Equal(["System.InvalidOperationException", "System.ApplicationException"], chain.Select(e => e.Type));
        Assert.Equal("the cart is empty", chain[0].Value);
        Assert.Equal(nameof(DotnetThrower.Checkout), chain[0].Stacktrace!.Frames[^1].Function);
        Assert.Equal(nameof(DotnetThrower.Wrapping), chain[1].Stacktrace!.Frames[^1].Function);
    }

    [Fact]
    public async Task An_unknown_trace_format_groups_by_type_and_masked_message()
    {
        var project = await ingest.CreateProjectAsync();

        (await ingest.PostTracesAsync(project.Key, Traces(Span(ExceptionEvent("Oops", "user 42 missing", "somewhere deep"))))).Dispose();
        (await ingest.PostTracesAsync(project.Key, Traces(Span(ExceptionEvent("Oops", "user 7 missing", "elsewhere"))))).Dispose();

        Assert.Equal(1L, await ingest.QueryScalarAsync<long>("SELECT count(*) FROM issues WHERE project_id = @p", ("p", project.Id)));
    }

    [Fact]
    public async Task An_unknown_key_is_answered_401_with_a_status_message()
    {
        using var response = await ingest.PostTracesAsync("not-a-key", Traces(Span(ExceptionEvent())));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(16, Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Code);
    }

    [Fact]
    public async Task A_project_over_its_rate_limit_is_answered_429_with_retry_after()
    {
        var project = await ingest.CreateProjectAsync(rateLimitPerMinute: 1);
        (await ingest.PostTracesAsync(project.Key, Traces(Span(ExceptionEvent())))).Dispose();

        using var response = await ingest.PostTracesAsync(project.Key, Traces(Span(ExceptionEvent(message: "another"))));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_batch_that_runs_into_the_rate_limit_is_a_partial_success_naming_the_rejected_spans()
    {
        var project = await ingest.CreateProjectAsync(rateLimitPerMinute: 2);

        using var response = await ingest.PostTracesAsync(project.Key, Traces(Span(ExceptionEvent(), ExceptionEvent(), ExceptionEvent(), ExceptionEvent())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, answer.PartialSuccess.RejectedSpans);
        Assert.Contains("rate limit", answer.PartialSuccess.ErrorMessage);
    }

    // Hostile bodies: each is refused (or accepted and dropped) quickly, and never with a 5xx.
    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("deep-groups")]
    public async Task A_body_that_is_not_an_otlp_message_is_answered_400_with_a_status_in_protobuf(string kind)
    {
        var project = await ingest.CreateProjectAsync();
        var body = kind switch
        {
            "garbage" => Encoding.UTF8.GetBytes("this is not protobuf at all \xff\xfe"),
            "truncated" => Traces(Span(ExceptionEvent())).ToByteArray()[..40],
            // Unknown groups nested ten thousand deep: skipping them recurses, and the recursion limit stops it.
            _ => [.. Enumerable.Repeat((byte)0x1B, 10_000), .. Enumerable.Repeat((byte)0x1C, 10_000)],
        };

        var started = Stopwatch.GetTimestamp();
        using var response = await ingest.PostAsync(OtlpApi.TracesPath, project.Key, Protobuf(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(3, Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Code);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Json_attribute_values_nested_deeper_than_the_limit_are_answered_400()
    {
        var project = await ingest.CreateProjectAsync();
        var deep = string.Concat(Enumerable.Repeat("{\"arrayValue\":{\"values\":[", 500)) + "{}" + string.Concat(Enumerable.Repeat("]}}", 500));
        var json = $$$"""{"resourceSpans":[{"resource":{"attributes":[{"key":"x","value":{{{deep}}}}]}}]}""";

        using var response = await ingest.PostAsync(OtlpApi.TracesPath, project.Key, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("depth", Status.Parser.ParseJson(await response.Content.ReadAsStringAsync()).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Protobuf_attribute_values_nested_deep_are_skipped_unread_and_accepted()
    {
        var project = await ingest.CreateProjectAsync();
        // An AnyValue holding array_value (field 5, not declared) holding another, 2 000 levels down: twenty times
        // protobuf's default recursion limit.
        var nested = new byte[] { };
        for (var i = 0; i < 2_000; i++)
        {
            nested = [0x2A, .. Varint(nested.Length), .. nested];
        }
        var value = ByteString.CopyFrom(nested);
        var attribute = new KeyValue { Key = "deep" }.ToByteArray().Concat(new byte[] { 0x12 }).Concat(Varint(value.Length)).Concat(value).ToArray();
        var resource = new byte[] { 0x0A }.Concat(Varint(attribute.Length)).Concat(attribute).ToArray();
        var resourceSpans = new byte[] { 0x0A }.Concat(Varint(resource.Length)).Concat(resource).ToArray();
        var body = new byte[] { 0x0A }.Concat(Varint(resourceSpans.Length)).Concat(resourceSpans).ToArray();

        var started = Stopwatch.GetTimestamp();
        using var response = await ingest.PostAsync(OtlpApi.TracesPath, project.Key, Protobuf(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Four_hundred_thousand_empty_spans_are_answered_400_in_bounded_time_without_being_built()
    {
        var project = await ingest.CreateProjectAsync();
        var scopeSpans = Enumerable.Range(0, 400_000).SelectMany(_ => new byte[] { 0x12, 0x00 }).ToArray();
        var resourceSpans = new byte[] { 0x12 }.Concat(Varint(scopeSpans.Length)).Concat(scopeSpans).ToArray();
        var body = new byte[] { 0x0A }.Concat(Varint(resourceSpans.Length)).Concat(resourceSpans).ToArray();

        var started = Stopwatch.GetTimestamp();
        using var response = await ingest.PostAsync(OtlpApi.TracesPath, project.Key, Protobuf(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("spans", Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Message);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task More_exception_events_than_one_request_files_are_a_partial_success()
    {
        var project = await ingest.CreateProjectAsync();
        var events = Enumerable.Range(0, OtlpIntake.MaxEventsPerRequest + 5).Select(_ => ExceptionEvent()).ToArray();

        using var response = await ingest.PostTracesAsync(project.Key, Traces(Span(events)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).PartialSuccess.RejectedSpans);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_answered_413_before_it_is_decoded()
    {
        var project = await ingest.CreateProjectAsync();

        using var response = await ingest.PostAsync(OtlpApi.TracesPath, project.Key, Protobuf(new byte[2 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Another_content_type_is_answered_415()
    {
        var project = await ingest.CreateProjectAsync();

        using var response = await ingest.PostAsync(OtlpApi.TracesPath, project.Key, new StringContent("x", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
