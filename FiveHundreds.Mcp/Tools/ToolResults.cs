using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace FiveHundreds.Mcp.Tools;

// Every successful tool answer carries the same facts twice: Markdown for the model to read, and the view as
// structured content (matching the tool's output schema) for clients that process results.
public static class ToolResults
{
    public static CallToolResult Success<T>(string text, T view) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = JsonSerializer.SerializeToElement(view, McpJson.Options),
    };

    public static CallToolResult Error(string text) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = text }],
    };
}
