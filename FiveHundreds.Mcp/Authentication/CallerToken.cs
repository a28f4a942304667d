using Microsoft.AspNetCore.Http;

namespace FiveHundreds.Mcp.Authentication;

// The caller's triage API token, from "Authorization: Bearer <token>". The MCP service holds no token of its
// own: it passes the caller's on, so an agent sees exactly what its token allows.
public static class CallerToken
{
    private const string Prefix = "Bearer ";

    public static string? From(HttpRequest? request)
    {
        var header = request?.Headers.Authorization.ToString();
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = header[Prefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
