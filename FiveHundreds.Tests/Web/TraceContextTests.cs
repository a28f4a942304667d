using System.Text.Json;
using FiveHundreds.Web.Presentation;

namespace FiveHundreds.Tests.Web;

public sealed class TraceContextTests
{
    [Fact]
    public void An_event_with_contexts_trace_shows_its_trace_and_span_ids()
    {
        var extra = JsonDocument.Parse("""{"contexts":{"trace":{"trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174","op":"x"}}}""").RootElement;

        var trace = TraceContext.From(extra)!;

        Assert.Equal(["span_id", "trace_id"], trace.Keys.Order());
        Assert.Equal("5b8efff798038103d269b633813fc60c", trace["trace_id"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{"contexts":{"os":{"name":"linux"}}}""")]
    [InlineData("""{"contexts":{"trace":"5b8e"}}""")]
    [InlineData("""{"contexts":{"trace":{"trace_id":42}}}""")]
    public void An_event_without_a_trace_shows_none(string? json)
    {
        Assert.Null(TraceContext.From(json is null ? null : JsonDocument.Parse(json).RootElement));
    }
}
