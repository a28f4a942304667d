using System.Net;
using System.Security.Cryptography;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FiveHundreds.Tests.Teams;

// The triage API checks an id_token itself, against the provider's published keys: the tokens here are signed
// with the real provider's key (or another) and differ from a good one in one way each.
[Collection(SsoCollection.Name)]
public sealed class SsoApiTests(SsoFixture sso)
{
    private static string AllowedEmail() => $"api-{Guid.NewGuid():N}"[..16] + "@" + SsoFixture.AllowedDomain;

    private string IdToken(string email, Action<SecurityTokenDescriptor>? change = null, bool emailVerified = true)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = sso.Provider.Issuer.ToString(),
            Audience = OidcProvider.ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = OidcProvider.SubjectOf(email),
                ["email"] = email,
                ["email_verified"] = emailVerified,
            },
            SigningCredentials = sso.Provider.SigningCredentials,
        };
        change?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static async Task<(HttpStatusCode Status, string? Detail)> RefusalOf(TriageApiClient api, string idToken)
    {
        var e = await Assert.ThrowsAsync<TriageApiException>(() => api.SignInWithSsoAsync(new SsoSignInRequest(idToken)));
        return (e.StatusCode, e.Detail);
    }

    private TriageApiClient Anonymous() => sso.CreateTriageClient("");

    [Fact]
    public async Task A_good_id_token_of_an_allowed_domain_makes_a_working_session_with_the_default_role()
    {
        var session = await Anonymous().SignInWithSsoAsync(new SsoSignInRequest(IdToken(AllowedEmail())));

        var caller = await sso.CreateTriageClient(session.Token).GetCallerAsync();
        Assert.Equal(SsoFixture.DefaultRole, caller.Role);
    }

    [Fact]
    public async Task An_id_token_for_another_client_is_refused()
    {
        var refusal = await RefusalOf(Anonymous(), IdToken(AllowedEmail(), d => d.Audience = "another-client"));

        Assert.Equal((HttpStatusCode.Unauthorized, "The identity token is not valid: it was issued for another client."), refusal);
    }

    [Fact]
    public async Task An_expired_id_token_is_refused()
    {
        var refusal = await RefusalOf(Anonymous(), IdToken(AllowedEmail(), d =>
        {
            d.IssuedAt = d.NotBefore = DateTime.UtcNow.AddHours(-2);
            d.Expires = DateTime.UtcNow.AddHours(-1);
        }));

        Assert.Equal((HttpStatusCode.Unauthorized, "The identity token is not valid: it has expired."), refusal);
    }

    [Fact]
    public async Task An_id_token_signed_with_a_key_that_is_not_the_providers_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var forged = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "forged" }, SecurityAlgorithms.RsaSha256);

        var refusal = await RefusalOf(Anonymous(), IdToken(AllowedEmail(), d => d.SigningCredentials = forged));

        Assert.Equal((HttpStatusCode.Unauthorized, "The identity token is not valid: its signature is not the provider's."), refusal);
    }

    [Fact]
    public async Task An_id_token_whose_email_is_not_verified_is_refused_and_makes_no_member()
    {
        var email = AllowedEmail();

        var refusal = await RefusalOf(Anonymous(), IdToken(email, emailVerified: false));

        Assert.Equal((HttpStatusCode.Forbidden, $"The identity provider does not say that {email} is verified."), refusal);
        Assert.DoesNotContain(email, (await sso.CreateTriageClient().ListMembersAsync()).Select(m => m.Email));
    }

    [Fact]
    public async Task Something_that_is_not_a_token_is_refused()
    {
        var refusal = await RefusalOf(Anonymous(), "not.a.token");

        Assert.Equal(HttpStatusCode.Unauthorized, refusal.Status);
    }

    // The same database behind an ingest that signs people in only through the provider.
    [Fact]
    public async Task With_password_sign_in_turned_off_passwords_are_refused_and_single_sign_on_still_works()
    {
        await using var ssoOnly = await sso.StartIngestAsync(new Dictionary<string, string> { ["Sso__PasswordSignIn"] = "false" });
        var api = new TriageApiClient(new HttpClient { BaseAddress = ssoOnly.Address });

        var refused = await Assert.ThrowsAsync<TriageApiException>(() => api.SignInAsync(new SignInRequest("admin", sso.AdminPassword)));
        var session = await api.SignInWithSsoAsync(new SsoSignInRequest(IdToken(AllowedEmail())));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Password sign-in is turned off here: sign in with single sign-on.", refused.Detail);
        Assert.NotEmpty(session.Token);
    }
}
