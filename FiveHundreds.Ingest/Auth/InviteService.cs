using System.Linq.Expressions;
using System.Net.Mail;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Auth;

// Invitations: a one-time link, valid for a week (AuthOptions.InviteLifetime) unless revoked, that makes its
// holder a member with the invited role and projects once they choose a password.
public sealed class InviteService(
    FiveHundredsDbContext db, UserManager<User> users, MemberService members, SessionService sessions, TriageCaller caller, TeamEmail email,
    IOptions<DashboardOptions> dashboard, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string TokenKind = "fhi";

    // The dashboard's page that accepts an invite (FiveHundreds.Web's AcceptInvite page).
    public const string AcceptPath = "/invite";

    public async Task<InviteCreatedDto> CreateAsync(CreateInviteRequest request, CancellationToken ct)
    {
        var address = request.Email?.Trim() ?? "";
        if (address.Length > FieldLimits.Email || !MailAddress.TryCreate(address, out var parsed) || parsed.Address != address)
        {
            throw TeamRequestRefusedException.Invalid($"email must be one email address, at most {FieldLimits.Email} characters.");
        }
        if (request.Role is not { } role || !Enum.IsDefined(role))
        {
            throw TeamRequestRefusedException.Invalid("role is required: owner, admin, member or viewer.");
        }
        members.RequireMayManage(role);
        if (await users.FindByEmailAsync(address) is not null || await users.FindByNameAsync(address) is not null)
        {
            throw TeamRequestRefusedException.Conflict($"{address} is already a member.");
        }
        var (all, projects) = await members.ProjectsAsync(request.AllProjects, request.Projects ?? [], role, ct);

        var (token, hash, _) = SecretHasher.Create(TokenKind);
        var now = clock.GetUtcNow();
        var invite = new Invite
        {
            Email = address, Role = role, AllProjects = all, ProjectIds = projects, TokenHash = hash, InvitedBy = caller.UserId,
            CreatedAt = now, ExpiresAt = now + options.Value.InviteLifetime,
        };
        db.Invites.Add(invite);
        await db.SaveChangesAsync(ct);

        var link = dashboard.Value.BaseUrl is { } baseUrl ? $"{baseUrl.TrimEnd('/')}{AcceptPath}?token={Uri.EscapeDataString(token)}" : null;
        var emailed = link is not null && await email.SendInviteAsync(address, WireWords.Of(role), link, invite.ExpiresAt, ct);
        return new InviteCreatedDto(ToDto(invite), token, link, emailed);
    }

    // The invites that can still be accepted, newest first.
    public async Task<List<InviteDto>> ListAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var invites = await db.Invites.AsNoTracking()
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt).ToListAsync(ct);
        return [.. invites.Select(ToDto)];
    }

    public async Task RevokeAsync(Guid id, CancellationToken ct)
    {
        var invite = await db.Invites.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.AcceptedAt == null && i.RevokedAt == null, ct)
            ?? throw TeamRequestRefusedException.NotFound($"No open invite {id}.");
        members.RequireMayManage(invite.Role);
        await db.Invites.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, clock.GetUtcNow()), ct);
    }

    // Makes the invited person a member with the password they chose. A refused password leaves the invite open.
    public async Task<MemberDto> AcceptAsync(AcceptInviteRequest request, CancellationToken ct)
    {
        sessions.RequirePasswordSignIn();
        var token = request.Token?.Trim() ?? "";
        var name = request.Name?.Trim();
        if (token.Length is 0 or > FieldLimits.PresentedSecret)
        {
            throw TeamRequestRefusedException.NotFound("This invite link is unknown, used, revoked or expired.");
        }
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > FieldLimits.Password)
        {
            throw TeamRequestRefusedException.Invalid($"password is required, at most {FieldLimits.Password} characters.");
        }
        if (name?.Length > FieldLimits.PersonName)
        {
            throw TeamRequestRefusedException.Invalid($"name is at most {FieldLimits.PersonName} characters.");
        }
        var hash = SecretHasher.Hash(token);
        var user = await UseUpAsync(i => i.TokenHash == hash, name, user => users.CreateAsync(user, request.Password), ct)
            ?? throw TeamRequestRefusedException.NotFound("This invite link is unknown, used, revoked or expired.");
        return MemberService.ToDto(user);
    }

    // Single sign-on with a verified address that has an open invite: the invited person becomes a member linked
    // to their provider's identity, with no password. Null when the address has no open invite.
    public Task<User?> AcceptWithLoginAsync(string email, string? name, UserLoginInfo login, CancellationToken ct)
    {
        var address = email.ToLowerInvariant();
        var displayName = name is { Length: > FieldLimits.PersonName } ? name[..FieldLimits.PersonName] : name;
        return UseUpAsync(i => i.Email.ToLower() == address, displayName, async user =>
        {
            var created = await users.CreateAsync(user);
            return created.Succeeded ? await users.AddLoginAsync(user, login) : created;
        }, ct);
    }

    // Uses up the open invite that matches and makes its person with create. The invite is taken in the same
    // transaction, so two acceptances of one invite cannot both succeed, and a refused creation leaves it open.
    private async Task<User?> UseUpAsync(
        Expression<Func<Invite, bool>> which, string? name, Func<User, Task<IdentityResult>> create, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            var invite = await db.Invites.AsTracking()
                .Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now).Where(which)
                .OrderByDescending(i => i.CreatedAt).FirstOrDefaultAsync(ct);
            if (invite is null)
            {
                return null;
            }
            // Taken before the user is made: a second acceptance of the same invite waits here, then finds it used.
            var taken = await db.Invites.Where(i => i.Id == invite.Id && i.AcceptedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), ct);
            if (taken == 0)
            {
                return null;
            }
            var user = new User
            {
                UserName = invite.Email, Email = invite.Email, EmailConfirmed = true,
                DisplayName = string.IsNullOrEmpty(name) ? invite.Email : name,
                Role = invite.Role, AllProjects = invite.AllProjects, ProjectIds = invite.ProjectIds, CreatedAt = now,
            };
            var created = await create(user);
            if (!created.Succeeded)
            {
                throw TeamRequestRefusedException.Invalid(MemberService.Describe(created));
            }
            await transaction.CommitAsync(ct);
            return user;
        });
    }

    private static InviteDto ToDto(Invite i) => new(i.Id, i.Email, i.Role, i.AllProjects, i.ProjectIds, i.CreatedAt, i.ExpiresAt);
}
