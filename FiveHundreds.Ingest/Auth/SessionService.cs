using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Auth;

// Signing in with a password, and the sessions it makes. A failure says nothing of why (unknown name, wrong
// password, locked account) and is answered late by the throttle, both for the account and for the address.
public sealed class SessionService(
    FiveHundredsDbContext db, UserManager<User> users, SignInThrottle throttle, TriageCaller caller, TimeProvider clock,
    IOptions<AuthOptions> options, IOptions<SsoOptions> sso)
{
    public const string TokenKind = "fhs";

    // Verified when the name is unknown, so that an unknown name costs as long as a wrong password.
    private static readonly Lazy<string> UnknownUserHash = new(() => new PasswordHasher<User>().HashPassword(null!, Guid.NewGuid().ToString()));

    // Null when the sign-in is refused.
    public async Task<SessionCreatedDto?> SignInAsync(
        string? userName, string? password, string clientAddress, string? userAgent, CancellationToken ct)
    {
        RequirePasswordSignIn();
        var name = userName?.Trim() ?? "";
        if (name.Length is 0 or > FieldLimits.Email || string.IsNullOrEmpty(password) || password.Length > FieldLimits.Password)
        {
            return null;
        }
        var user = await users.FindByNameAsync(name) ?? (name.Contains('@') ? await users.FindByEmailAsync(name) : null);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(null!, UnknownUserHash.Value, password);
            await RefuseAsync(name, clientAddress, ct);
            return null;
        }
        var lockedOut = await users.IsLockedOutAsync(user);
        var passwordMatches = await users.CheckPasswordAsync(user, password);
        if (lockedOut || !passwordMatches)
        {
            if (!lockedOut)
            {
                await users.AccessFailedAsync(user);
            }
            await RefuseAsync(name, clientAddress, ct);
            return null;
        }
        await users.ResetAccessFailedCountAsync(user);
        throttle.RecordSuccess(AccountKey(name));
        throttle.RecordSuccess(AddressKey(clientAddress));
        return await StartAsync(user, clientAddress, userAgent, ct);
    }

    // A new session for a person whose password or single sign-on has just been verified.
    public async Task<SessionCreatedDto> StartAsync(User user, string clientAddress, string? userAgent, CancellationToken ct)
    {
        var (token, hash, prefix) = SecretHasher.Create(TokenKind);
        var session = new UserSession
        {
            UserId = user.Id,
            TokenHash = hash,
            Prefix = prefix,
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = clock.GetUtcNow() + options.Value.SessionLifetime,
            ClientAddress = clientAddress.Length > 64 ? clientAddress[..64] : clientAddress,
            UserAgent = userAgent is { Length: > FieldLimits.UserAgent } ? userAgent[..FieldLimits.UserAgent] : userAgent,
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        var member = MemberService.ToDto(user);
        return new SessionCreatedDto(session.Id, token, session.ExpiresAt,
            new CallerDto(member, user.Role, MemberRoles.ScopeOf(user.Role), member.AllProjects, member.Projects, null));
    }

    // Refuses passwords (signing in, accepting an invite) while the organisation signs in only through its provider.
    public void RequirePasswordSignIn()
    {
        if (!sso.Value.PasswordSignIn)
        {
            throw TeamRequestRefusedException.Forbidden("Password sign-in is turned off here: sign in with single sign-on.");
        }
    }

    private async Task RefuseAsync(string name, string clientAddress, CancellationToken ct)
    {
        var account = throttle.RecordFailure(AccountKey(name));
        var address = throttle.RecordFailure(AddressKey(clientAddress));
        await Task.Delay(account > address ? account : address, clock, ct);
    }

    private static string AccountKey(string name) => "account:" + name.ToLowerInvariant();

    private static string AddressKey(string address) => "address:" + address;

    // The caller's own sessions that still work, newest first.
    public async Task<List<SessionDto>> ListAsync(CancellationToken ct)
    {
        var userId = RequirePerson();
        var now = clock.GetUtcNow();
        var current = caller.SessionId;
        var sessions = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.CreatedAt)
            .ToListAsync(ct);
        return [.. sessions.Select(s => new SessionDto(s.Id, s.Prefix, s.CreatedAt, s.ExpiresAt, s.ClientAddress, s.UserAgent, s.Id == current))];
    }

    // False when the caller has no such session that still works.
    public async Task<bool> RevokeAsync(Guid sessionId, CancellationToken ct)
    {
        var userId = RequirePerson();
        return await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), ct) > 0;
    }

    // Signs out: the session the request came with. False when it came with a token, not a session.
    public async Task<bool> RevokeCurrentAsync(CancellationToken ct) =>
        caller.SessionId is { } current && await RevokeAsync(current, ct);

    // "Sign out everywhere": every session of the person, the current one included; tokens stay.
    public Task<int> RevokeAllAsync(Guid userId, CancellationToken ct, Guid? except = null) =>
        db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != except)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), ct);

    private Guid RequirePerson() => caller.UserId ?? throw TeamRequestRefusedException.Forbidden("Only a person has sessions; this is an automation token.");
}
