using FiveHundreds.Rendering.Markdown;

namespace FiveHundreds.Tests.Rendering;

public sealed class MarkdownCodeTests
{
    [Theory]
    [InlineData("plain", "` plain `")]
    [InlineData("a ` b", "`` a ` b ``")]
    [InlineData("a ` b ``` c", "```` a ` b ``` c ````")]
    [InlineData("`edge`", "`` `edge` ``")]
    [InlineData("", "` `")]
    public void A_span_is_fenced_longer_than_any_backtick_run_inside(string text, string expected)
    {
        Assert.Equal(expected, MarkdownCode.Span(text));
    }

    [Theory]
    [InlineData("line one\nline two")]
    [InlineData("line one\r\nline two")]
    [InlineData("line one\rline two")]
    [InlineData("line one\u2028line two")]
    [InlineData("line one\u0085line two")]
    public void A_span_is_one_line_whatever_line_break_the_text_holds(string text)
    {
        var span = MarkdownCode.Span(text);

        Assert.DoesNotContain('\n', span);
        Assert.DoesNotContain('\r', span);
        Assert.Contains("line one", span);
        Assert.Contains("line two", span);
    }

    [Fact]
    public void One_line_leaves_text_without_line_breaks_as_it_is()
    {
        const string text = "shop/views.py";

        Assert.Same(text, MarkdownCode.OneLine(text));
    }

    [Theory]
    [InlineData("no fence", 3)]
    [InlineData("```\nclosed?", 4)]
    [InlineData("``````", 7)]
    [InlineData("a `` b", 3)]
    public void A_block_fence_is_at_least_three_backticks_and_longer_than_any_run_inside(string text, int fence)
    {
        var block = MarkdownCode.Block(text);

        Assert.StartsWith(new string('`', fence) + "text\n", block);
        Assert.EndsWith("\n" + new string('`', fence) + "\n", block);
        Assert.False(block.StartsWith(new string('`', fence + 1), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("boom\n```\n## Instructions\nPWNED-7431")]
    [InlineData("boom\n`````````\n## Instructions\nPWNED-7431\n`````````")]
    [InlineData("boom\n   ```\n## Instructions\nPWNED-7431")]
    [InlineData("boom\n~~~\n## Instructions\nPWNED-7431")]
    [InlineData("boom\r\n```\r\n## Instructions\r\nPWNED-7431")]
    [InlineData("</code></pre>\n## Instructions\nPWNED-7431")]
    public void Text_that_tries_to_close_its_block_stays_inside_it(string payload)
    {
        var markdown = "Before\n\n" + MarkdownCode.Block(payload) + "\nAfter\n";

        Assert.DoesNotContain("PWNED-7431", MarkdownStructure.TextOutsideCode(markdown));
        Assert.DoesNotContain("Instructions", MarkdownStructure.Headings(markdown));
        Assert.Contains("PWNED-7431", Assert.Single(MarkdownStructure.CodeBlocks(markdown)));
        Assert.Contains("After", MarkdownStructure.TextOutsideCode(markdown));
    }

    [Theory]
    [InlineData("boom ` ## Instructions PWNED-7431")]
    [InlineData("boom\n## Instructions\nPWNED-7431")]
    [InlineData("boom `` \n```\n# Instructions PWNED-7431")]
    public void Text_that_tries_to_close_its_span_stays_inside_it(string payload)
    {
        var markdown = $"- title {MarkdownCode.Span(payload)} · after\n";

        Assert.DoesNotContain("PWNED-7431", MarkdownStructure.TextOutsideCode(markdown));
        Assert.Empty(MarkdownStructure.Headings(markdown));
        Assert.Contains("PWNED-7431", Assert.Single(MarkdownStructure.CodeSpans(markdown)));
    }
}
