using System.Linq.Expressions;
using System.Text.Json;
using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Retention;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace FiveHundreds.Ingest.Triage;

// The one way into project-owned rows (projects, issues, events, tickets, activity): every query here, and every service
// that reads or changes such rows, starts from Visible*, which applies the caller's project scope. Endpoints
// never see the DbContext. The scope is applied here rather than in EF global query filters because the pooled
// DbContext is shared with the intake and the migrations, which must see every project, and a filter keyed on
// the caller would need per-request state on a pooled context.
public sealed class TriageReader(FiveHundredsDbContext db, TriageCaller caller, TimeProvider clock)
{
    private const int MaxTickets = 500;

    private const int TopFacetValues = 10;

    public IQueryable<Project> VisibleProjects() => Visible(db.Projects, p => p.Id);

    public IQueryable<Issue> VisibleIssues() => Visible(db.Issues, i => i.ProjectId);

    public IQueryable<ErrorEvent> VisibleEvents() => Visible(db.Events, e => e.ProjectId);

    public IQueryable<Ticket> VisibleTickets() => Visible(db.Tickets, t => t.ProjectId);

    public IQueryable<IssueActivity> VisibleActivities() => Visible(db.IssueActivities, a => a.ProjectId);

    public IQueryable<ProjectRelease> VisibleReleases() => Visible(db.ProjectReleases, r => r.ProjectId);

    // Untracked reads; a service that changes the rows asks for AsTracking() on top.
    private IQueryable<T> Visible<T>(DbSet<T> rows, Expression<Func<T, Guid>> projectOf) where T : class
    {
        if (caller.IsUnrestricted)
        {
            return rows.AsNoTracking();
        }
        var allowed = caller.Projects.ToList();
        // A captured list, not a constant, so that EF sends it as one array parameter and keeps one plan.
        Expression<Func<Guid, bool>> isAllowed = project => allowed.Contains(project);
        var visible = Expression.Lambda<Func<T, bool>>(
            ReplacingExpressionVisitor.Replace(isAllowed.Parameters[0], projectOf.Body, isAllowed.Body), projectOf.Parameters);
        return rows.AsNoTracking().Where(visible);
    }

    // A project by id or slug, or null when it does not exist or the caller may not see it.
    public async Task<Project?> FindProjectAsync(string idOrSlug, CancellationToken ct) =>
        Guid.TryParse(idOrSlug, out var id)
            ? await VisibleProjects().FirstOrDefaultAsync(p => p.Id == id, ct)
            : await VisibleProjects().FirstOrDefaultAsync(p => p.Slug == idOrSlug.ToLowerInvariant(), ct);

    // Whether the issue exists and the caller may see it, without reading any of it.
    public Task<bool> CanSeeIssueAsync(Guid id, CancellationToken ct) => VisibleIssues().AnyAsync(i => i.Id == id, ct);

    // A search that matches at most this many issues is read whole in one query, unordered, through whichever index
    // suits its terms (trigrams, facets, users): its counts are then exact and its page is sorted here. Past it the
    // matches are dense enough for the list's (status, last seen) index to find a page and the capped counts fast.
    // Without this step a selective term whose matches all sit in another status (every "Error7" resolved) makes
    // PostgreSQL walk that index through the whole status, as it cannot know the term and the status go together.
    internal const int WholeMatchSetLimit = 3_000;

    // One page of the issue list, most recently seen first, with the counts by status of everything that matches
    // the project and search (whatever the status filter), each exact up to IssueCountsDto.Limit. Null when the
    // project is unknown or not visible.
    public async Task<IssuePageDto?> ListIssuesAsync(IssueListQuery query, CancellationToken ct)
    {
        var issues = VisibleIssues();
        if (!string.IsNullOrEmpty(query.Project))
        {
            if (await FindProjectAsync(query.Project, ct) is not { } project)
            {
                return null;
            }
            issues = issues.Where(i => i.ProjectId == project.Id);
        }
        issues = Matching(issues, query.Search);
        if (query.Assignee is { } assignee)
        {
            issues = issues.Where(i => i.AssigneeId == assignee.Person);
        }
        var status = query.Search.Status ?? query.Status switch
        {
            IssueStatusFilter.Unresolved => IssueStatus.Unresolved,
            IssueStatusFilter.Resolved => IssueStatus.Resolved,
            IssueStatusFilter.Ignored => IssueStatus.Ignored,
            _ => (IssueStatus?)null,
        };

        if (query.Search.NarrowsIssues || query.Assignee is not null)
        {
            var matches = await issues.Select(i => new IssueListKey(i.Id, i.Status, i.LastSeen)).Take(WholeMatchSetLimit + 1).ToListAsync(ct);
            if (matches.Count <= WholeMatchSetLimit)
            {
                return await PageOfWholeMatchSetAsync(matches, status, query, ct);
            }
        }

        var counts = new IssueCountsDto(
            await CappedCountAsync(issues, IssueStatus.Unresolved, ct),
            await CappedCountAsync(issues, IssueStatus.Resolved, ct),
            await CappedCountAsync(issues, IssueStatus.Ignored, ct));
        var page = status is { } wanted ? issues.Where(i => i.Status == wanted) : issues;
        if (query.After is { } after)
        {
            page = page.Where(i => EF.Functions.LessThan(ValueTuple.Create(i.LastSeen, i.Id), ValueTuple.Create(after.Time, after.Id)));
        }
        var (rows, hasMore) = await page.OrderByDescending(i => i.LastSeen).ThenByDescending(i => i.Id).TakePageAsync(query.Limit, ct);
        return await PageAsync(rows, hasMore, counts, ct);
    }

    // Counting stops past the limit: what is beyond it costs work in proportion to the project's issues.
    private static Task<long> CappedCountAsync(IQueryable<Issue> issues, IssueStatus status, CancellationToken ct) =>
        issues.Where(i => i.Status == status).Take((int)IssueCountsDto.Limit + 1).LongCountAsync(ct);

    // The page of a search's whole match set, in the list's order (PostgreSQL orders uuids as Guid.CompareTo does,
    // by their bytes in written order), its issues then read by id.
    private async Task<IssuePageDto> PageOfWholeMatchSetAsync(
        List<IssueListKey> matches, IssueStatus? status, IssueListQuery query, CancellationToken ct)
    {
        long CountOf(IssueStatus s) => Math.Min(matches.Count(m => m.Status == s), IssueCountsDto.Limit + 1);
        var counts = new IssueCountsDto(CountOf(IssueStatus.Unresolved), CountOf(IssueStatus.Resolved), CountOf(IssueStatus.Ignored));
        var keys = matches
            .Where(m => status is null || m.Status == status)
            .Where(m => query.After is not { } after || m.LastSeen < after.Time || (m.LastSeen == after.Time && m.Id.CompareTo(after.Id) < 0))
            .OrderByDescending(m => m.LastSeen).ThenByDescending(m => m.Id)
            .Take(query.Limit + 1)
            .ToList();
        var ids = keys.Take(query.Limit).Select(k => k.Id).ToList();
        var byId = await VisibleIssues().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        // An issue merged away or deleted between the two reads is left out of the page.
        List<Issue> rows = [.. ids.Where(byId.ContainsKey).Select(id => byId[id])];
        return await PageAsync(rows, keys.Count > query.Limit, counts, ct);
    }

    private async Task<IssuePageDto> PageAsync(List<Issue> rows, bool hasMore, IssueCountsDto counts, CancellationToken ct) =>
        new(await SummarizeAsync(rows, ct), hasMore && rows.Count > 0 ? new KeysetCursor(rows[^1].LastSeen, rows[^1].Id).Encode() : null, counts);

    private sealed record IssueListKey(Guid Id, IssueStatus Status, DateTimeOffset LastSeen);

    // Every term but is: (which picks the page, not the counts). Facet, user and text terms are each an indexed
    // look-up: facets by (key, value, issue), users by (id or email, issue), text by trigrams.
    private IQueryable<Issue> Matching(IQueryable<Issue> issues, IssueSearch search)
    {
        if (search.Level is { } level)
        {
            issues = issues.Where(i => i.Level == level);
        }
        foreach (var facet in search.Facets)
        {
            var (key, value) = (facet.Key, facet.Value);
            issues = issues.Where(i => db.IssueFacets.Any(f => f.IssueId == i.Id && f.Key == key && f.Value == value));
        }
        if (search.UserId is { } userId)
        {
            issues = issues.Where(i => db.IssueUsers.Any(u => u.IssueId == i.Id && u.UserId == userId));
        }
        if (search.UserEmail is { } email)
        {
            issues = issues.Where(i => db.IssueUsers.Any(u => u.IssueId == i.Id && u.Email == email));
        }
        foreach (var text in search.Text)
        {
            // Searched as plain text: % _ and \ in the query match themselves.
            var pattern = "%" + text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
            issues = issues.Where(i => EF.Functions.ILike(i.SearchText, pattern, @"\"));
        }
        return issues;
    }

    // One page of an issue's events, newest first; null when the issue is unknown or not visible.
    public async Task<EventPageDto?> ListIssueEventsAsync(Guid issueId, KeysetCursor? after, int limit, CancellationToken ct)
    {
        if (!await CanSeeIssueAsync(issueId, ct))
        {
            return null;
        }
        var events = VisibleEvents().Where(e => e.IssueId == issueId);
        if (after is { } c)
        {
            events = events.Where(e => EF.Functions.LessThan(ValueTuple.Create(e.OccurredAt, e.Id), ValueTuple.Create(c.Time, c.Id)));
        }
        var (rows, hasMore) = await events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Select(e => new EventSummaryDto(e.Id, e.EventId, e.OccurredAt, e.Release, e.ServerName, e.Message))
            .TakePageAsync(limit, ct);
        return new EventPageDto(rows, hasMore ? new KeysetCursor(rows[^1].OccurredAt, rows[^1].Id).Encode() : null);
    }

    // The visible projects by name, each with today's received and dropped counts.
    public async Task<IReadOnlyList<ProjectToday>> ListProjectsAsync(DateOnly today, CancellationToken ct)
    {
        var projects = await VisibleProjects()
            .OrderBy(p => p.Name)
            .Select(p => new
            {
                Project = p,
                Received = db.ProjectDailyStats.Where(s => s.ProjectId == p.Id && s.Day == today).Sum(s => s.Received),
                Dropped = db.ProjectDailyDrops.Where(d => d.ProjectId == p.Id && d.Day == today).Sum(d => d.Count),
            })
            .ToListAsync(ct);
        return [.. projects.Select(x => new ProjectToday(x.Project, x.Received, x.Dropped))];
    }

    // The visible projects' storage from the counters the intake and retention keep (no scan of the events), their
    // quotas and retention in force and today's drops by reason.
    public async Task<List<ProjectStorageDto>> ListProjectStorageAsync(
        DateOnly today, IntakeOptions defaults, RetentionOptions retention, CancellationToken ct)
    {
        var projects = await VisibleProjects()
            .OrderBy(p => p.Name)
            .Select(p => new
            {
                p.Id,
                p.EventsPerDayQuota,
                p.StoredBytesPerDayQuota,
                p.RetentionDays,
                Storage = db.ProjectStorage.FirstOrDefault(s => s.ProjectId == p.Id),
                Received = db.ProjectDailyStats.Where(s => s.ProjectId == p.Id && s.Day == today).Sum(s => s.Received),
            })
            .ToListAsync(ct);
        var ids = projects.Select(p => p.Id).ToList();
        var drops = (await db.ProjectDailyDrops.Where(d => ids.Contains(d.ProjectId) && d.Day == today).ToListAsync(ct))
            .ToLookup(d => d.ProjectId);
        return [.. projects.Select(p => new ProjectStorageDto(
            p.Id, p.Storage?.Bytes ?? 0, p.Storage?.Events ?? 0, p.Storage?.OldestEventAt, p.Received,
            p.EventsPerDayQuota ?? defaults.DefaultEventsPerDay, p.StoredBytesPerDayQuota ?? defaults.DefaultStoredBytesPerDay,
            drops[p.Id].ToDictionary(d => d.Reason, d => d.Count), p.RetentionDays, retention.EffectiveDays(p.RetentionDays)))];
    }

    // The visible tickets, most recently updated first, optionally of one project and one status.
    public async Task<IReadOnlyList<TicketDto>> ListTicketsAsync(Guid? projectId, TicketStatus? status, CancellationToken ct)
    {
        var tickets = VisibleTickets();
        if (projectId is { } project)
        {
            tickets = tickets.Where(t => t.ProjectId == project);
        }
        if (status is { } wanted)
        {
            tickets = tickets.Where(t => t.Status == wanted);
        }
        var rows = await tickets.OrderByDescending(t => t.UpdatedAt).Take(MaxTickets).ToListAsync(ct);
        return [.. rows.Select(TicketService.ToDto)];
    }

    public async Task<TicketDto?> FindTicketAsync(Guid id, CancellationToken ct) =>
        await VisibleTickets().FirstOrDefaultAsync(t => t.Id == id, ct) is { } ticket ? TicketService.ToDto(ticket) : null;

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
        var assignees = await AssigneesAsync(issues, ct);
        return [.. issues.Select(i => ToSummary(i, Last24Hours(byIssue[i.Id], since), assignees.GetValueOrDefault(i.AssigneeId ?? Guid.Empty)))];
    }

    // The people the issues are assigned to, by id, read in one query.
    private async Task<Dictionary<Guid, PersonDto>> AssigneesAsync(IReadOnlyList<Issue> issues, CancellationToken ct)
    {
        var ids = issues.Where(i => i.AssigneeId is not null).Select(i => i.AssigneeId!.Value).Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new PersonDto(u.Id, u.DisplayName)).ToDictionaryAsync(p => p.Id, ct);
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

    public static IssueSummaryDto ToSummary(Issue i, IReadOnlyList<int> last24Hours, PersonDto? assignee = null) =>
        new(i.Id, i.ProjectId, i.Title, i.Culprit, i.Level, i.Status, i.EventCount, i.FirstSeen, i.LastSeen, i.TicketId,
            i.Regressed, last24Hours, assignee, i.UsersAffected, i.FirstRelease, i.LastRelease);

    // The issue with its latest event, how many of its events are kept (retention and the per-issue cap bound that
    // count, so counting is cheap), and its counts per hour (24 hours) and per day (30 days), the summary's
    // last-24-hours figures taken from the same hourly rows.
    public async Task<IssueDetailDto?> GetIssueDetailAsync(Guid id, CancellationToken ct)
    {
        var issue = await VisibleIssues().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (issue is null)
        {
            return null;
        }
        var latest = await LatestEventAsync(id, ct);
        var kept = await VisibleEvents().LongCountAsync(e => e.IssueId == id, ct);

        var currentHour = TruncateToHour(clock.GetUtcNow());
        var firstHour = currentHour.AddHours(-23);
        var hourly = await db.IssueHourlyCounts.AsNoTracking()
            .Where(c => c.IssueId == id && c.Hour >= firstHour)
            .ToListAsync(ct);
        var perHour = Enumerable.Range(0, 24)
            .Select(h => firstHour.AddHours(h))
            .Select(start => new TimeBucketDto(start, hourly.Where(c => c.Hour == start).Sum(c => c.Count)))
            .ToList();

        // Daily totals outlive the hourly counts, which go with the project's retention.
        var firstDay = DateOnly.FromDateTime(currentHour.UtcDateTime).AddDays(-29);
        var daily = await db.IssueDailyCounts.AsNoTracking()
            .Where(c => c.IssueId == id && c.Day >= firstDay)
            .ToDictionaryAsync(c => c.Day, c => c.Count, ct);
        var perDay = Enumerable.Range(0, 30)
            .Select(d => firstDay.AddDays(d))
            .Select(day => new TimeBucketDto(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), daily.GetValueOrDefault(day)))
            .ToList();
        var assignees = await AssigneesAsync([issue], ct);
        return new IssueDetailDto(
            ToSummary(issue, Last24Hours(hourly, firstHour), assignees.GetValueOrDefault(issue.AssigneeId ?? Guid.Empty)),
            latest, perHour, perDay, kept, await TopFacetsAsync(issue, ct),
            IgnoreOf(issue), issue.Status == IssueStatus.Resolved ? issue.ResolvedAfterRelease : null);
    }

    // The issue's facet rows, bounded per issue however many events it has, read by its primary key: the built-in
    // keys first, then the tags by name, each with its most frequent values.
    private async Task<IReadOnlyList<FacetDto>> TopFacetsAsync(Issue issue, CancellationToken ct)
    {
        string[] builtIn = [IssueAggregates.Environment, IssueAggregates.Release, IssueAggregates.Browser, IssueAggregates.Os, IssueAggregates.ServerName];
        var rows = await db.IssueFacets.AsNoTracking().Where(f => f.IssueId == issue.Id).ToListAsync(ct);
        return [.. rows.GroupBy(f => f.Key)
            .OrderBy(g => Array.IndexOf(builtIn, g.Key) is var index and >= 0 ? index : builtIn.Length)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new FacetDto(g.Key, [.. g
                .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal)
                .Take(TopFacetValues)
                .Select(f => new FacetValueDto(f.Value, f.Count, issue.EventCount == 0 ? 0 : Math.Min(1.0, (double)f.Count / issue.EventCount)))]))];
    }

    private static IgnoreDto? IgnoreOf(Issue issue) => issue.IgnoredAt is { } ignoredAt
        ? new IgnoreDto(ignoredAt, new IgnoreConditionDto(issue.IgnoreUntil, issue.IgnoreMoreEvents, issue.IgnoreMoreUsers),
            issue.EventCount - (issue.IgnoredAtEventCount ?? issue.EventCount), issue.ReturnedFromIgnoreAt,
            issue.UsersAffected - (issue.IgnoredAtUsersAffected ?? issue.UsersAffected))
        : null;

    public async Task<EventDto?> LatestEventAsync(Guid issueId, CancellationToken ct)
    {
        var latest = await VisibleEvents()
            .Where(e => e.IssueId == issueId)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .FirstOrDefaultAsync(ct);
        return latest is null ? null : ToEventDto(latest);
    }

    public async Task<EventDto?> FindEventAsync(Guid id, CancellationToken ct)
    {
        var stored = await VisibleEvents().FirstOrDefaultAsync(e => e.Id == id, ct);
        return stored is null ? null : ToEventDto(stored);
    }

    public static EventDto ToEventDto(ErrorEvent e)
    {
        var extras = EventExtras.Read(e.Extra);
        var request = Read<RequestDataDto>(e.Request);
        return new(e.Id, e.IssueId, e.ProjectId, e.EventId, e.OccurredAt, e.ReceivedAt, e.Platform, e.Level, e.Message, e.Release,
            e.ServerName,
            Read<ExceptionDataDto>(e.Exception),
            request,
            Read<Dictionary<string, string>>(e.Environment),
            Read<Dictionary<string, string>>(e.Tags),
            Read<JsonElement?>(e.Sdk),
            Read<JsonElement?>(e.Extra),
            extras.User, extras.Breadcrumbs, UserAgentContexts.With(extras.Contexts, request?.Headers), extras.Modules);
    }

    private static T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, TriageJson.Options);

    private static DateTimeOffset TruncateToHour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);
}
