using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace FiveHundreds.Tests.Rendering;

// Markdown as a CommonMark reader parses it, to check what ends up outside code spans and code blocks.
internal static class MarkdownStructure
{
    // The text of headings, paragraphs and list items: everything that is not quoted as code.
    public static string TextOutsideCode(string markdown) =>
        string.Join("\n", Markdown.Parse(markdown).Descendants<LiteralInline>().Select(l => l.Content.ToString()));

    public static IReadOnlyList<string> Headings(string markdown) =>
        [.. Markdown.Parse(markdown).Descendants<HeadingBlock>()
            .Select(h => string.Concat(h.Inline?.Descendants<LiteralInline>().Select(l => l.Content.ToString()) ?? []).Trim())];

    public static IReadOnlyList<string> CodeBlocks(string markdown) =>
        [.. Markdown.Parse(markdown).Descendants<FencedCodeBlock>().Select(b => b.Lines.ToString())];

    public static IReadOnlyList<string> CodeSpans(string markdown) =>
        [.. Markdown.Parse(markdown).Descendants<CodeInline>().Select(c => c.Content)];
}
