using System.Text.Json;
using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Triage;

// Reads issues and events as the API shows them, always through the caller's project scope.
public sealed class TriageReader(FiveHundredsDbContext db, TriageCaller caller, TimeProvider clock)
{
    public IQueryable<Project> VisibleProjects()
    {
        var projects = db.Projects.AsNoTracking();
        if (caller.IsUnrestricted)
        {
            return projects;
        }
        var allowed = caller.Projects.ToList();
        return projects.Where(p => allowed.Contains(p.Id));
    }

    public IQueryable<Issue> VisibleIssues()
    {
        var issues = db.Issues.AsNoTracking();
        if (caller.IsUnrestricted)
        {
            return issues;
        }
        var allowed = caller.Projects.ToList();
        return issues.Where(i => allowed.Contains(i.ProjectId));
    }

    public IQueryable<Ticket> VisibleTickets()
    {
        var tickets = db.Tickets.AsNoTracking();
        if (caller.IsUnrestricted)
        {
            return tickets;
        }
        var allowed = caller.Projects.ToList();
        return tickets.Where(t => allowed.Contains(t.ProjectId));
    }

    // A project by id or slug, or null when it does not exist or the caller may not see it.
    public async Task<Project?> FindProjectAsync(string idOrSlug, CancellationToken ct) =>
        Guid.TryParse(idOrSlug, out var id)
            ? await VisibleProjects().FirstOrDefaultAsync(p => p.Id == id, ct)
            : await VisibleProjects().FirstOrDefaultAsync(p => p.Slug == idOrSlug.ToLowerInvariant(), ct);

    // Whether the issue exists and the caller may see it, without reading any of it.
    public Task<bool> CanSeeIssueAsync(Guid id, CancellationToken ct) => VisibleIssues().AnyAsync(i => i.Id == id, ct);

    public async Task<IssueSummaryDto?> FindIssueAsync(Guid id, CancellationToken ct)
    {
        var issue = await VisibleIssues().FirstOrDefaultAsync(i => i.Id == id, ct);
        return issue is null ? null : (await SummarizeAsync([issue], ct))[0];
    }

    // The list rows with their last 24 hours of counts, read from the hourly table in one query.
    public async Task<IReadOnlyList<IssueSummaryDto>> SummarizeAsync(IReadOnlyList<Issue> issues, CancellationToken ct)
    {
        var since = TruncateToHour(clock.GetUtcNow()).AddHours(-23);
        var ids = issues.Select(i => i.Id).ToList();
        var counts = await db.IssueHourlyCounts.AsNoTracking()
            .Where(c => ids.Contains(c.IssueId) && c.Hour >= since)
            .ToListAsync(ct);
        var byIssue = counts.ToLookup(c => c.IssueId);
        return [.. issues.Select(i => ToSummary(i, Last24Hours(byIssue[i.Id], since)))];
    }

    // One count per hour from since, oldest first; hours without a row count zero.
    private static int[] Last24Hours(IEnumerable<IssueHourlyCount> counts, DateTimeOffset since)
    {
        var hourly = new int[24];
        foreach (var c in counts)
        {
            var index = (int)(c.Hour - since).TotalHours;
            if (index is >= 0 and < 24)
            {
                hourly[index] = (int)Math.Min(c.Count, int.MaxValue);
            }
        }
        return hourly;
    }

    public static IssueSummaryDto ToSummary(Issue i, IReadOnlyList<int> last24Hours) =>
        new(i.Id, i.ProjectId, i.Title, i.Culprit, i.Level, i.Status, i.EventCount, i.FirstSeen, i.LastSeen, i.TicketId,
            i.Regressed, last24Hours);

    // The issue with its latest event and its counts per hour (24 hours) and per day (30 days), the summary's
    // last-24-hours figures taken from the same rows.
    public async Task<IssueDetailDto?> GetIssueDetailAsync(Guid id, CancellationToken ct)
    {
        var issue = await VisibleIssues().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (issue is null)
        {
            return null;
        }
        var latest = await LatestEventAsync(id, ct);

        var currentHour = TruncateToHour(clock.GetUtcNow());
        var since = new DateTimeOffset(currentHour.Date.AddDays(-29), TimeSpan.Zero);
        var hourly = await db.IssueHourlyCounts.AsNoTracking()
            .Where(c => c.IssueId == id && c.Hour >= since)
            .ToListAsync(ct);
        var perHour = Enumerable.Range(0, 24)
            .Select(h => currentHour.AddHours(h - 23))
            .Select(start => new TimeBucketDto(start, hourly.Where(c => c.Hour == start).Sum(c => c.Count)))
            .ToList();
        var perDay = Enumerable.Range(0, 30)
            .Select(d => since.AddDays(d))
            .Select(start => new TimeBucketDto(start, hourly.Where(c => c.Hour >= start && c.Hour < start.AddDays(1)).Sum(c => c.Count)))
            .ToList();
        return new IssueDetailDto(ToSummary(issue, Last24Hours(hourly, currentHour.AddHours(-23))), latest, perHour, perDay);
    }

    public async Task<EventDto?> LatestEventAsync(Guid issueId, CancellationToken ct)
    {
        var latest = await db.Events.AsNoTracking()
            .Where(e => e.IssueId == issueId)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .FirstOrDefaultAsync(ct);
        return latest is null ? null : ToEventDto(latest);
    }

    public async Task<EventDto?> FindEventAsync(Guid id, CancellationToken ct)
    {
        var stored = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        return stored is not null && caller.CanSee(stored.ProjectId) ? ToEventDto(stored) : null;
    }

    public static EventDto ToEventDto(ErrorEvent e) =>
        new(e.Id, e.IssueId, e.ProjectId, e.EventId, e.OccurredAt, e.ReceivedAt, e.Platform, e.Level, e.Message, e.Release,
            e.ServerName,
            Read<ExceptionDataDto>(e.Exception),
            Read<RequestDataDto>(e.Request),
            Read<Dictionary<string, string>>(e.Environment),
            Read<Dictionary<string, string>>(e.Tags),
            Read<JsonElement?>(e.Sdk),
            Read<JsonElement?>(e.Extra));

    private static T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, TriageJson.Options);

    private static DateTimeOffset TruncateToHour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);
}
