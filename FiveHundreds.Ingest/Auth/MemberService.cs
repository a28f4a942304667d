using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Auth;

// The people of the organisation: their roles and projects, their removal, and their own passwords. Whom a
// manager may change is MemberRoles.MayManage; the last owner can be neither demoted nor removed, so the
// organisation always has someone who can do everything.
public sealed class MemberService(
    FiveHundredsDbContext db, UserManager<User> users, TriageReader reader, TriageCaller caller, SessionService sessions)
{
    public static MemberDto ToDto(User u)
    {
        var all = u.AllProjects || MemberRoles.SeesEveryProject(u.Role);
        return new(u.Id, u.UserName ?? "", u.Email, u.DisplayName, u.Role, all, all ? [] : u.ProjectIds, u.CreatedAt);
    }

    public async Task<MemberDto?> FindAsync(Guid id, CancellationToken ct) =>
        await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) is { } user ? ToDto(user) : null;

    public async Task<List<MemberDto>> ListAsync(CancellationToken ct) =>
        [.. (await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ThenBy(u => u.Id).ToListAsync(ct)).Select(ToDto)];

    // The people who may be assigned issues: members and above, with the names others see.
    public async Task<List<PersonDto>> ListPeopleAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Role != MemberRole.Viewer).OrderBy(u => u.DisplayName)
            .Select(u => new PersonDto(u.Id, u.DisplayName)).ToListAsync(ct);

    public async Task<MemberDto> UpdateAsync(Guid id, UpdateMemberRequest request, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw TeamRequestRefusedException.NotFound($"No member {id}.");
        var role = request.Role ?? user.Role;
        if (!Enum.IsDefined(role))
        {
            throw TeamRequestRefusedException.Invalid("role must be owner, admin, member or viewer.");
        }
        RequireMayManage(user.Role);
        RequireMayManage(role);
        if (user.Role == MemberRole.Owner && role != MemberRole.Owner)
        {
            await RequireAnotherOwnerAsync(user.Id, ct);
        }
        // A project list given without all_projects limits the person to it.
        var allProjects = request.AllProjects ?? (request.Projects is null && user.AllProjects);
        var (all, projects) = await ProjectsAsync(allProjects, request.Projects ?? user.ProjectIds, role, ct);
        user.Role = role;
        user.AllProjects = all;
        user.ProjectIds = projects;
        await db.SaveChangesAsync(ct);
        return ToDto(user);
    }

    // Removes the person, their sessions and their tokens at once (the rows cascade with the user); issues
    // assigned to them become unassigned.
    public async Task RemoveAsync(Guid id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw TeamRequestRefusedException.NotFound($"No member {id}.");
        RequireMayManage(user.Role);
        if (user.Role == MemberRole.Owner)
        {
            await RequireAnotherOwnerAsync(user.Id, ct);
        }
        await db.Users.Where(u => u.Id == id).ExecuteDeleteAsync(ct);
    }

    // Changes the caller's own password and signs out their other sessions, which may be someone else's.
    public async Task ChangePasswordAsync(string? current, string? replacement, CancellationToken ct)
    {
        var id = caller.UserId ?? throw TeamRequestRefusedException.Forbidden("Only a person has a password; this is an automation token.");
        if (string.IsNullOrEmpty(current) || string.IsNullOrEmpty(replacement) || replacement.Length > FieldLimits.Password)
        {
            throw TeamRequestRefusedException.Invalid($"current_password and new_password are required, at most {FieldLimits.Password} characters.");
        }
        var user = await users.FindByIdAsync(id.ToString()) ?? throw TeamRequestRefusedException.NotFound("You are no longer a member.");
        var result = await users.ChangePasswordAsync(user, current, replacement);
        if (!result.Succeeded)
        {
            throw TeamRequestRefusedException.Invalid(Describe(result));
        }
        await sessions.RevokeAllAsync(id, ct, except: caller.SessionId);
    }

    public static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    // The projects a person of the role sees: every one for owners and admins; for members and viewers every one
    // or a non-empty list of existing projects the caller may see.
    public async Task<(bool All, Guid[] Projects)> ProjectsAsync(bool allProjects, IReadOnlyList<Guid> projects, MemberRole role, CancellationToken ct)
    {
        if (MemberRoles.SeesEveryProject(role) || allProjects)
        {
            return (true, []);
        }
        var limitedTo = projects.Distinct().ToArray();
        if (limitedTo.Length == 0)
        {
            throw TeamRequestRefusedException.Invalid("projects must list at least one project; for every project set all_projects to true.");
        }
        var known = await reader.VisibleProjects().CountAsync(p => limitedTo.Contains(p.Id), ct);
        if (known != limitedTo.Length)
        {
            throw TeamRequestRefusedException.Invalid("projects lists a project that does not exist.");
        }
        return (false, limitedTo);
    }

    public void RequireMayManage(MemberRole role)
    {
        if (!MemberRoles.MayManage(caller.Role, role))
        {
            throw TeamRequestRefusedException.Forbidden("Only an owner may make, change or remove an owner.");
        }
    }

    private async Task RequireAnotherOwnerAsync(Guid owner, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Role == MemberRole.Owner && u.Id != owner, ct))
        {
            throw TeamRequestRefusedException.Conflict("This is the last owner: make someone else owner first.");
        }
    }
}
