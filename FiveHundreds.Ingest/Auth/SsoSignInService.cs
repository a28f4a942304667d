using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Auth;

// Who a valid id_token signs in, in this order: the person already linked to its issuer and subject; the person
// with its verified email address (linked from then on); the person invited at that address (the invite is used
// up); a new person with the default role when the address's domain is allowed. Anyone else is refused.
public sealed class SsoSignInService(
    SsoTokenValidator validator, UserManager<User> users, InviteService invites, SessionService sessions,
    IOptions<SsoOptions> options, TimeProvider clock)
{
    public async Task<SessionCreatedDto> SignInAsync(string? idToken, string clientAddress, string? userAgent, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(idToken) || idToken.Length > FieldLimits.IdentityToken)
        {
            throw TeamRequestRefusedException.Invalid($"id_token is required, at most {FieldLimits.IdentityToken} characters.");
        }
        var identity = await validator.ValidateAsync(idToken.Trim(), ct);
        var login = new UserLoginInfo(identity.Issuer, identity.Subject, options.Value.Authority);
        var user = await users.FindByLoginAsync(login.LoginProvider, login.ProviderKey) ?? await FirstSignInAsync(identity, login, ct);
        return await sessions.StartAsync(user, clientAddress, userAgent, ct);
    }

    private async Task<User> FirstSignInAsync(SsoTokenValidator.SsoIdentity identity, UserLoginInfo login, CancellationToken ct)
    {
        if (identity.Email is not { Length: > 0 and <= FieldLimits.Email } email)
        {
            throw TeamRequestRefusedException.Forbidden("The identity provider gave no email address: ask it for the email scope.");
        }
        if (!identity.EmailVerified)
        {
            throw TeamRequestRefusedException.Forbidden($"The identity provider does not say that {email} is verified.");
        }
        if (await users.FindByEmailAsync(email) is { } member)
        {
            Require(await users.AddLoginAsync(member, login));
            return member;
        }
        if (await invites.AcceptWithLoginAsync(email, identity.Name, login, ct) is { } invited)
        {
            return invited;
        }
        var domain = email[(email.LastIndexOf('@') + 1)..].ToLowerInvariant();
        var allowed = options.Value.AllowedDomainList();
        if (!allowed.Contains(domain))
        {
            throw TeamRequestRefusedException.Forbidden(allowed.Count == 0
                ? $"{email} is not a member and has no invite: ask an owner or admin to invite you."
                : $"{email} is not a member and has no invite, and only addresses at {string.Join(", ", allowed)} may join on their own.");
        }
        var user = new User
        {
            UserName = email, Email = email, EmailConfirmed = true,
            DisplayName = identity.Name is { Length: > 0 and <= FieldLimits.PersonName } name ? name : email,
            Role = options.Value.DefaultRole, AllProjects = true, CreatedAt = clock.GetUtcNow(),
        };
        Require(await users.CreateAsync(user));
        Require(await users.AddLoginAsync(user, login));
        return user;
    }

    private static void Require(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw TeamRequestRefusedException.Conflict(MemberService.Describe(result));
        }
    }
}
