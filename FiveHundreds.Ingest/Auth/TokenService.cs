using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Auth;

// Creates, lists and revokes API tokens. The secret is in the creation's answer only; the database keeps its hash.
public sealed class TokenService(FiveHundredsDbContext db, TriageReader reader, TimeProvider clock)
{
    private const string TokenKind = "fht";

    // Null when projects names a project that does not exist (or that the caller may not see).
    public async Task<TokenCreatedDto?> CreateAsync(string name, TokenScope scope, bool allProjects, IReadOnlyList<Guid> projects, CancellationToken ct)
    {
        var limitedTo = projects.Distinct().ToArray();
        var known = await reader.VisibleProjects().CountAsync(p => limitedTo.Contains(p.Id), ct);
        if (known != limitedTo.Length)
        {
            return null;
        }
        var (secret, hash, prefix) = SecretHasher.Create(TokenKind);
        var token = new ApiToken { Name = name, TokenHash = hash, Prefix = prefix, Scope = scope, AllProjects = allProjects, ProjectIds = limitedTo };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new TokenCreatedDto(token.Id, token.Name, secret, token.Scope, token.AllProjects, token.ProjectIds);
    }

    // The tokens that are not revoked, oldest first.
    public async Task<List<TokenDto>> ListAsync(CancellationToken ct)
    {
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.RevokedAt == null).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        return [.. tokens.Select(t => new TokenDto(t.Id, t.Name, t.Prefix, t.Scope, t.AllProjects, t.ProjectIds, t.CreatedAt))];
    }

    // False when there is no such token, or it is already revoked.
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct) =>
        await db.ApiTokens.Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, clock.GetUtcNow()), ct) > 0;
}
