using System.Text.Json.Nodes;

namespace FiveHundreds.Ingest.Intake;

internal static class JsonNodeExtensions
{
    // Takes a node out of its parent object so that it can join another tree without a deep copy: a parsed
    // body's tree is thrown away once its parts have been moved into the stored document.
    public static T Detach<T>(this T node) where T : JsonNode
    {
        (node.Parent as JsonObject)?.Remove(node.GetPropertyName());
        return node;
    }
}
