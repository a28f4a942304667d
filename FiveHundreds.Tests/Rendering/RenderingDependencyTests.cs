using FiveHundreds.Rendering.Stacktraces;

namespace FiveHundreds.Tests.Rendering;

// The layout rules are shared by the ingest, the dashboard and the MCP server: the library that holds them must
// stay pure, so that sharing it never pulls the ingest (or a web framework) into Web or Mcp.
public sealed class RenderingDependencyTests
{
    [Fact]
    public void The_rendering_library_references_neither_the_ingest_nor_asp_net_core()
    {
        var references = typeof(StacktraceLayout).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("FiveHundreds.TriageApi.Contracts", references);
        Assert.DoesNotContain("FiveHundreds.Ingest", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(typeof(FiveHundreds.Web.Presentation.MarkdownRenderer))]
    [InlineData(typeof(FiveHundreds.Mcp.Formatting.IssueMarkdown))]
    public void Web_and_mcp_render_the_layout_without_referencing_the_ingest(Type surface)
    {
        var references = surface.Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("FiveHundreds.Rendering", references);
        Assert.DoesNotContain("FiveHundreds.Ingest", references);
    }
}
