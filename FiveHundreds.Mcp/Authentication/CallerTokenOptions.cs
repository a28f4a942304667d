using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;

namespace FiveHundreds.Mcp.Authentication;

public sealed class CallerTokenOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "TriageToken";

    public const string SectionName = "Auth";

    // How long a token the triage API accepted is trusted without asking again. Short, because the triage API
    // stays the authority: every tool call still sends the token there, so a revoked token fails at once there.
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan AcceptedTokenCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
