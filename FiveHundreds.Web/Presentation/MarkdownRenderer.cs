using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Components;

namespace FiveHundreds.Web.Presentation;

// Ticket descriptions are Markdown written from event data (messages, stack frames): render them, then
// sanitise, so that a "<script>" an attacker put in an exception message stays inert.
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
    private readonly HtmlSanitizer _sanitizer = new();

    public MarkupString Render(string markdown) =>
        new(_sanitizer.Sanitize(Markdown.ToHtml(markdown, _pipeline)));
}
