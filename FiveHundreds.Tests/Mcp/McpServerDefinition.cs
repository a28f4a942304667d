using FiveHundreds.Mcp.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FiveHundreds.Tests.Mcp;

// The MCP server's tools, resources and prompts exactly as the service registers them, without starting HTTP.
public static class McpServerDefinition
{
    private static readonly Lazy<McpServerOptions> Options = new(() =>
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFiveHundredsMcpServer();
        return services.BuildServiceProvider().GetRequiredService<IOptions<McpServerOptions>>().Value;
    });

    public static IReadOnlyList<Tool> Tools => [.. Options.Value.ToolCollection!.Select(t => t.ProtocolTool)];

    public static Tool Tool(string name) => Tools.Single(t => t.Name == name);

    public static IReadOnlyList<ResourceTemplate> ResourceTemplates =>
        [.. Options.Value.ResourceCollection!.Select(r => r.ProtocolResourceTemplate)];

    public static IReadOnlyList<Prompt> Prompts => [.. Options.Value.PromptCollection!.Select(p => p.ProtocolPrompt)];
}
