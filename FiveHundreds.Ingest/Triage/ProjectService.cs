using System.Text.RegularExpressions;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.Sentry;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Triage;

// Creates projects, changes their settings and rotates their ingest keys. The answer carries the new key, the only time it is shown.
public sealed partial class ProjectService(FiveHundredsDbContext db, TriageReader reader, ProjectKeyResolver keys)
{
    private const string IngestKeyKind = "fhk";

    public sealed record WithKey(Project Project, string Key);

    public async Task<WithKey> CreateAsync(
        string name, int? rateLimitPerMinute, IReadOnlyList<string>? scrubNames, bool storeIpAddresses, CancellationToken ct)
    {
        var (key, hash, prefix) = SecretHasher.Create(IngestKeyKind);
        var project = new Project
        {
            Name = name,
            Slug = await UniqueSlugAsync(name, ct),
            KeyHash = hash,
            KeyPrefix = prefix,
            SentryKey = SentryDsn.NewPublicKey(),
            RateLimitPerMinute = rateLimitPerMinute,
            ScrubNames = Trimmed(scrubNames),
            StoreIpAddresses = storeIpAddresses,
        };
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        return new WithKey(project, key);
    }

    // Null when the project does not exist or the caller may not see it.
    public async Task<WithKey?> RotateKeyAsync(Guid id, CancellationToken ct)
    {
        var project = await reader.VisibleProjects().AsTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return null;
        }
        var (oldHash, oldSentryKey) = (project.KeyHash, project.SentryKey);
        var (key, hash, prefix) = SecretHasher.Create(IngestKeyKind);
        project.KeyHash = hash;
        project.KeyPrefix = prefix;
        // A leaked DSN is rotated the same way as a leaked ingest key.
        project.SentryKey = SentryDsn.NewPublicKey();
        await db.SaveChangesAsync(ct);
        await keys.ForgetAsync(oldHash, oldSentryKey, project.Number);
        return new WithKey(project, key);
    }

    // False when the project does not exist or the caller may not see it. Unset values stay as they are.
    public async Task<bool> UpdateAsync(Guid id, UpdateProjectRequest request, CancellationToken ct)
    {
        var project = await reader.VisibleProjects().AsTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return false;
        }
        if (request.ScrubNames is not null)
        {
            project.ScrubNames = Trimmed(request.ScrubNames);
        }
        project.StoreIpAddresses = request.StoreIpAddresses ?? project.StoreIpAddresses;
        project.EventsPerDayQuota = request.EventsPerDayQuota ?? project.EventsPerDayQuota;
        project.StoredBytesPerDayQuota = request.StoredBytesPerDayQuota ?? project.StoredBytesPerDayQuota;
        await db.SaveChangesAsync(ct);
        // The intake caches a project with its key; forgetting it applies the new settings to the next event.
        await keys.ForgetAsync(project.KeyHash, project.SentryKey, project.Number);
        return true;
    }

    private static string[] Trimmed(IReadOnlyList<string>? names) => [.. (names ?? []).Select(n => n.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];

    // Null when the project does not exist or the caller may not see it. The intake's cached answer for the
    // project's keys is dropped, so the new list applies at once in this process.
    public async Task<Project?> SetAllowedOriginsAsync(Guid id, List<string> origins, CancellationToken ct)
    {
        var project = await reader.VisibleProjects().AsTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return null;
        }
        project.AllowedOrigins = origins;
        await db.SaveChangesAsync(ct);
        await keys.ForgetAsync(project.KeyHash, project.SentryKey, project.Number);
        return project;
    }

    // Null when the project does not exist or the caller may not see it. The retention pass reads the setting.
    public async Task<Project?> SetRetentionAsync(Guid id, int? retentionDays, CancellationToken ct)
    {
        var project = await reader.VisibleProjects().AsTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return null;
        }
        project.RetentionDays = retentionDays;
        await db.SaveChangesAsync(ct);
        return project;
    }

    // Slugs are unique across all projects, so this looks past the caller's scope (creating a project takes an
    // unrestricted token anyway).
    private async Task<string> UniqueSlugAsync(string name, CancellationToken ct)
    {
        var stem = NonSlugCharacters().Replace(name.ToLowerInvariant(), "-").Trim('-');
        stem = stem.Length == 0 ? "project" : stem[..Math.Min(stem.Length, FieldLimits.SlugStem)];
        var taken = await db.Projects.Where(p => p.Slug == stem || p.Slug.StartsWith(stem + "-")).Select(p => p.Slug).ToListAsync(ct);
        var slug = stem;
        for (var n = 2; taken.Contains(slug); n++)
        {
            slug = $"{stem}-{n}";
        }
        return slug;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlugCharacters();
}
