using System.Text.Json.Nodes;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Tests.Infrastructure;

namespace FiveHundreds.Tests.Ingest;

public sealed class SecretScrubberTests
{
    public static TheoryData<ScrubbingCase> IpCases => [.. ScrubbingCases.All.Where(c => c.Ip)];

    // A row's value scrubbed where the table puts it: under its name in an object, or as a text of its own.
    private static string? Scrub(ScrubbingCase row, bool storeIpAddresses)
    {
        var scrubber = new SecretScrubber().With([.. row.Names]);
        if (row.Name is null)
        {
            return scrubber.ScrubText(row.Value);
        }
        var holder = new JsonObject { [row.Name] = row.Value };
        scrubber.Scrub(holder, dropIpAddresses: !storeIpAddresses);
        return (string?)holder[row.Name];
    }

    [Theory]
    [MemberData(nameof(ScrubbingCases.Every), MemberType = typeof(ScrubbingCases))]
    public void Stores_what_the_shared_table_says(ScrubbingCase row) => Assert.Equal(row.Stored, Scrub(row, storeIpAddresses: false));

    [Theory]
    [MemberData(nameof(IpCases))]
    public void Keeps_ip_addresses_for_a_project_that_stores_them(ScrubbingCase row) => Assert.Equal(row.Value, Scrub(row, storeIpAddresses: true));

    [Fact]
    public void A_project_name_counts_only_for_that_project()
    {
        var rule = new SecretScrubber();
        Assert.True(rule.With(["customer-ssn"]).IsSecret("CUSTOMER_SSN"));
        Assert.False(rule.IsSecret("CUSTOMER_SSN"));
    }

    [Fact]
    public void Keeps_the_name_and_filters_the_value_at_any_depth()
    {
        var data = JsonNode.Parse("""{"user": {"name": "ann", "password": "x"}, "items": [{"token": "t"}, "AKIAIOSFODNN7EXAMPLE"]}""")!;
        new SecretScrubber().Scrub(data);
        Assert.Equal("""{"user":{"name":"ann","password":"[Filtered]"},"items":[{"token":"[Filtered]"},"[Filtered]"]}""", data.ToJsonString());
    }

    [Fact]
    public void Source_lines_keep_their_assignments_and_lose_key_shapes()
    {
        var frame = JsonNode.Parse("""
            {"context_line": "    password = form[\"password\"]", "pre_context": ["login(password=pw)", "KEY = 'AKIAIOSFODNN7EXAMPLE'"]}
            """)!;

        new SecretScrubber().Scrub(frame);

        Assert.Equal("""{"context_line":"    password = form[\"password\"]","pre_context":["login(password=pw)","KEY = '[Filtered]'"]}""",
            frame.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public void Scrubs_every_part_of_a_parsed_event_and_the_texts_titles_are_made_from()
    {
        var parsed = new EventParser(new IntakeOptions()).Parse("""
            {"message": "login with Bearer bt-12345678",
             "exception": {"values": [{"type": "Error", "value": "denied for https://ann:pw-9876@api.example/"}]},
             "request": {"url": "https://x.example/?token=q-1", "query_string": "token=q-1", "headers": {"X-Api-Key": "k"},
                         "cookies": {"sessionid": "s"}, "data": "password=d-1", "env": {"REMOTE_ADDR": "192.0.2.1"}},
             "environment": {"DATABASE_URL": "postgres://u:e-1@db/x"}, "tags": {"deploy": "AKIAIOSFODNN7EXAMPLE"},
             "user": {"ip_address": "192.0.2.1", "name": "ann"}, "contexts": {"app": {"secret": "c-1"}},
             "breadcrumbs": {"values": [{"message": "GET /?api_key=b-1", "data": {"url": "https://x.example/?auth=b-2"}}]},
             "extra": {"dsn": "redis://:x-1@cache"}}
            """u8.ToArray());

        var scrubbed = new SecretScrubber().Scrub(parsed, storeIpAddresses: false);

        var stored = string.Join('\n', scrubbed.Message, scrubbed.Exception!.ToJsonString(), scrubbed.Request!.ToJsonString(),
            scrubbed.Environment!.ToJsonString(), scrubbed.Tags!.ToJsonString(), scrubbed.Extra.ToJsonString());
        foreach (var secret in new[] { "bt-12345678", "pw-9876", "q-1", "\"k\"", "\"s\"", "d-1", "192.0.2.1", "e-1", "AKIA", "c-1", "b-1", "b-2", "x-1" })
        {
            Assert.DoesNotContain(secret, stored);
        }
        Assert.Equal("denied for https://ann:[Filtered]@api.example/", scrubbed.Chain[0].Value);
        Assert.Equal("login with Bearer [Filtered]", scrubbed.Message);
        Assert.Equal("ann", (string?)scrubbed.Extra["user"]!["name"]);
    }
}
