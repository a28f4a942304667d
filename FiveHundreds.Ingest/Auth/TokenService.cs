using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Auth;

// Creates, lists and revokes API tokens: automation tokens, which belong to nobody, and each person's own
// (owner set), which act as that person. The secret is in the creation's answer only; the database keeps its hash.
public sealed class TokenService(FiveHundredsDbContext db, TriageReader reader, TriageCaller caller, TimeProvider clock)
{
    private const string TokenKind = "fht";

    // Null when projects names a project that does not exist (or that the caller may not see).
    public async Task<TokenCreatedDto?> CreateAsync(
        string name, TokenScope scope, bool allProjects, IReadOnlyList<Guid> projects, CancellationToken ct,
        Guid? owner = null, DateTimeOffset? expiresAt = null)
    {
        var limitedTo = projects.Distinct().ToArray();
        var known = await reader.VisibleProjects().CountAsync(p => limitedTo.Contains(p.Id), ct);
        if (known != limitedTo.Length)
        {
            return null;
        }
        var (secret, hash, prefix) = SecretHasher.Create(TokenKind);
        var token = new ApiToken
        {
            Name = name, TokenHash = hash, Prefix = prefix, Scope = scope, AllProjects = allProjects, ProjectIds = limitedTo,
            UserId = owner, ExpiresAt = expiresAt,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new TokenCreatedDto(token.Id, token.Name, secret, token.Scope, token.AllProjects, token.ProjectIds);
    }

    // A token of the caller's own, never wider than what the caller may do now.
    public Task<TokenCreatedDto?> CreatePersonalAsync(
        string name, TokenScope scope, bool allProjects, IReadOnlyList<Guid> projects, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var owner = caller.UserId ?? throw TeamRequestRefusedException.Forbidden("Personal tokens are a person's; this is an automation token.");
        if (scope > caller.Scope)
        {
            throw TeamRequestRefusedException.Forbidden($"A token's scope cannot be wider than yours ({WireWords.Of(caller.Scope)}).");
        }
        if (expiresAt <= clock.GetUtcNow())
        {
            throw TeamRequestRefusedException.Invalid("expires_at must be in the future.");
        }
        return CreateAsync(name, scope, allProjects, projects, ct, owner, expiresAt);
    }

    // The automation tokens (owner null) or one person's tokens that are not revoked, oldest first.
    public async Task<List<TokenDto>> ListAsync(CancellationToken ct, Guid? owner = null)
    {
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.RevokedAt == null && t.UserId == owner).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        return [.. tokens.Select(t => new TokenDto(t.Id, t.Name, t.Prefix, t.Scope, t.AllProjects, t.ProjectIds, t.CreatedAt, t.ExpiresAt))];
    }

    // False when there is no such token (of that owner), or it is already revoked.
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct, Guid? owner = null) =>
        await db.ApiTokens.Where(t => t.Id == id && t.RevokedAt == null && t.UserId == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, clock.GetUtcNow()), ct) > 0;
}
