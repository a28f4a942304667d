using System.Text;
using FiveHundreds.Ingest.Intake;

namespace FiveHundreds.Tests.Ingest;

public sealed class JsonSanitizerTests
{
    [Theory]
    [InlineData("""{"a":"b,c[{","d":[1,2]}""", 6)]
    [InlineData("""{"a":"q\"[,","b":1}""", 4)]
    [InlineData("""{"a":"\\","b":1}""", 4)]
    [InlineData("""{"a":"\\\"{,","b":[{},{}]}""", 8)]
    [InlineData("""{"a":"unterminated,[{""", 2)]
    public void Names_and_values_are_counted_outside_strings_only(string json, int expected) =>
        Assert.Equal(expected, JsonSanitizer.CountTokens(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void A_body_of_far_more_values_than_an_event_keeps_is_refused_before_it_is_parsed()
    {
        var options = new IntakeOptions { MaxNodes = 100 };
        var body = Encoding.UTF8.GetBytes("""{"message":"m","extra":[""" + string.Join(',', Enumerable.Repeat("0", 250)) + "]}");

        var refusal = Assert.Throws<EventValidationException>(() => new JsonSanitizer(options).ReadObject(body));
        Assert.Contains("more than 200 names and values", refusal.Message);
    }

    [Fact]
    public void A_body_just_over_the_node_budget_is_kept_cut_and_noted()
    {
        var options = new IntakeOptions { MaxNodes = 100 };
        var sanitizer = new JsonSanitizer(options);
        var body = Encoding.UTF8.GetBytes("""{"message":"m","extra":""" + "[" + string.Join(',', Enumerable.Repeat("0", 150)) + "]}");

        var tree = sanitizer.ReadObject(body);

        Assert.Equal(98, tree["extra"]!.AsArray().Count);
        Assert.Contains(sanitizer.Notes, n => n.Contains("more than 100 values"));
    }
}
