using System.Net;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FiveHundreds.Mcp.Tools;

// Turns a failed triage API call, or arguments the SDK could not bind, into a tool error a model can act on,
// instead of the SDK's bare "An error occurred invoking the tool". Tools handle the failures whose meaning they
// know (an unknown issue id, an unknown project) themselves; this covers the rest in one place.
public static class TriageApiErrorFilter
{
    public static McpRequestFilter<CallToolRequestParams, CallToolResult> Create() => next => async (context, cancellationToken) =>
    {
        try
        {
            return await next(context, cancellationToken);
        }
        catch (McpException e) when (e is not McpProtocolException)
        {
            // A tool's own refusal (a bad argument): its message is complete, without the SDK's generic prefix.
            return ToolResults.Error(e.Message);
        }
        catch (TriageApiException e)
        {
            return ToolResults.Error(Describe(e));
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException)
        {
            // The SDK could not bind the arguments to the tool's parameters (one missing, or of the wrong type).
            return ToolResults.Error(
                $"The arguments do not fit {context.Params?.Name}: {e.Message} Each argument's type and meaning are in the tool's input schema.");
        }
        catch (Exception e) when (e is HttpRequestException or Polly.ExecutionRejectedException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ToolResults.Error("FiveHundreds' triage API did not answer. Nothing was changed; try the same call again in a moment.");
        }
    };

    public static string Describe(TriageApiException e) => e.StatusCode switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            "FiveHundreds refused the access token (it may have been revoked). The user needs to configure a valid token.",
        HttpStatusCode.NotFound =>
            $"Not found: {e.Detail ?? e.Title}. Only items of the projects your token can access are visible.",
        >= HttpStatusCode.InternalServerError =>
            $"FiveHundreds' triage API failed ({(int)e.StatusCode}). Nothing is known to have changed; try again in a moment.",
        _ => $"FiveHundreds refused the request: {e.Message}",
    };
}
