namespace FiveHundreds.Web.Auth;

// Bound from "Auth" (environment Auth__AdminToken), set by the AppHost from the secret parameter.
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    // Used only to sign people in: with it the dashboard vouches for the signing-in person's address, which the
    // API's throttle counts. Every other call goes out with the signed-in person's own session.
    public string AdminToken { get; set; } = "";
}
