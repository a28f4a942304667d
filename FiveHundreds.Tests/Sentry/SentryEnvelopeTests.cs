using System.Text;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.Sentry;

namespace FiveHundreds.Tests.Sentry;

public sealed class SentryEnvelopeTests
{
    private static SentryEnvelope Parse(string text) => SentryEnvelope.Parse(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void The_header_gives_the_event_id_and_dsn()
    {
        var envelope = Parse("{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\",\"dsn\":\"http://k@h/1\"}\n");

        Assert.Equal("9ec79c33ec9942ab8353589fcb2e04dc", envelope.EventId);
        Assert.Equal("http://k@h/1", envelope.Dsn);
        Assert.Empty(envelope.Items);
    }

    [Fact]
    public void A_payload_with_a_length_may_contain_newlines_and_is_followed_by_the_next_item()
    {
        var envelope = Parse("{}\n{\"type\":\"attachment\",\"length\":5}\nab\ncd\n{\"type\":\"event\"}\n{\"message\":\"hi\"}\n");

        Assert.Equal(["attachment", "event"], envelope.Items.Select(i => i.Type));
        Assert.Equal("ab\ncd", Encoding.UTF8.GetString(envelope.Items[0].Payload.Span));
        Assert.Equal("{\"message\":\"hi\"}", Encoding.UTF8.GetString(envelope.Items[1].Payload.Span));
    }

    [Fact]
    public void A_payload_without_a_length_runs_to_the_end_of_the_body_without_a_final_newline()
    {
        var envelope = Parse("{}\n{\"type\":\"session\"}\n{\"sid\":\"x\"}");

        Assert.Equal("{\"sid\":\"x\"}", Encoding.UTF8.GetString(Assert.Single(envelope.Items).Payload.Span));
    }

    [Fact]
    public void A_zero_length_payload_is_an_empty_item()
    {
        var envelope = Parse("{}\n{\"type\":\"client_report\",\"length\":0}\n\n{\"type\":\"event\",\"length\":2}\n{}");

        Assert.Equal(0, envelope.Items[0].Payload.Length);
        Assert.Equal("{}", Encoding.UTF8.GetString(envelope.Items[1].Payload.Span));
    }

    [Theory]
    [InlineData("not json\n")]
    [InlineData("[1]\n")]
    [InlineData("{}\n{\"length\":2}\n{}")]
    [InlineData("{}\n{\"type\":\"event\",\"length\":50}\n{}")]
    [InlineData("{}\n{\"type\":\"event\",\"length\":-1}\n{}")]
    [InlineData("{}\n{\"type\":\"event\",\n{}")]
    public void A_malformed_envelope_is_refused_as_invalid(string text)
    {
        var error = Assert.Throws<EventValidationException>(() => Parse(text));

        Assert.Equal("(envelope)", error.Field);
    }
}
