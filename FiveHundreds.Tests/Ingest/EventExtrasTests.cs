using FiveHundreds.Ingest.Triage;

namespace FiveHundreds.Tests.Ingest;

// Reading Sentry's user, breadcrumbs, contexts and modules from where the intake keeps them.
public sealed class EventExtrasTests
{
    [Fact]
    public void The_user_breadcrumbs_contexts_and_modules_of_a_sentry_event_are_typed()
    {
        var parts = EventExtras.Read("""
            {"user":{"id":42,"email":"ada@example.com","ip_address":"203.0.113.9"},
             "breadcrumbs":{"values":[{"timestamp":1764597787.25,"category":"ui.click","message":"button#pay","data":{"n":1}}]},
             "contexts":{"browser":{"name":"Chrome","version":"156.0"},"trace":{"trace_id":"abc","sampled":true}},
             "modules":{"express":"5.1.0"}}
            """);

        Assert.Equal(new("42", null, "ada@example.com", "203.0.113.9"), parts.User);
        var crumb = Assert.Single(parts.Breadcrumbs!);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764597787250), crumb.Timestamp);
        Assert.Equal(("ui.click", "button#pay", "1"), (crumb.Category, crumb.Message, crumb.Data!["n"]));
        Assert.Equal("Chrome", parts.Contexts!["browser"]["name"]);
        Assert.Equal("true", parts.Contexts["trace"]["sampled"]);
        Assert.Equal("5.1.0", parts.Modules!["express"]);
    }

    [Fact]
    public void The_older_bare_list_of_breadcrumbs_and_iso_timestamps_are_read() =>
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero),
            Assert.Single(EventExtras.Read("""{"breadcrumbs":[{"timestamp":"2026-12-01T14:00:00Z"}]}""").Breadcrumbs!).Timestamp);

    [Theory]
    [InlineData("""{"user":"ada","breadcrumbs":"x","contexts":[1],"modules":3}""")]
    [InlineData("""{"user":{},"breadcrumbs":{"values":7},"contexts":{"os":"Linux"}}""")]
    [InlineData("""{"breadcrumbs":[{"timestamp":1e300},{"timestamp":"soon"},5]}""")]
    public void Parts_in_shapes_the_reader_does_not_know_are_left_out(string extra)
    {
        var parts = EventExtras.Read(extra);

        Assert.Null(parts.User);
        Assert.Null(parts.Modules);
        Assert.All(parts.Breadcrumbs ?? [], b => Assert.Null(b.Timestamp));
        Assert.Empty(parts.Contexts ?? new Dictionary<string, IReadOnlyDictionary<string, string>>());
    }
}
