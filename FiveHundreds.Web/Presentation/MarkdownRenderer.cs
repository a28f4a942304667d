using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Components;

namespace FiveHundreds.Web.Presentation;

// Ticket descriptions are Markdown written from event data (messages, stack frames): render them, then
// sanitise, so that a "<script>" an attacker put in an exception message stays inert. Nothing in a ticket makes the
// browser fetch from elsewhere: an image becomes a link to it (a remote image would tell its host who read the
// ticket, and when), and neither generic attributes ({style=...}) nor media links (embedded players) are parsed.
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseTaskLists()
        .UseDefinitionLists()
        .UseFootnotes()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = NoRemoteContent();

    public MarkupString Render(string markdown)
    {
        var document = Markdown.Parse(markdown, _pipeline);
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage))
        {
            image.IsImage = false;
        }
        return new(_sanitizer.Sanitize(Markdown.ToHtml(document, _pipeline)));
    }

    private static HtmlSanitizer NoRemoteContent()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.Remove("img");
        // A style attribute may load a remote image through url().
        sanitizer.AllowedAttributes.Remove("style");
        return sanitizer;
    }
}
