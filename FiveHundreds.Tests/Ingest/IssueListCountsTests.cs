using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

// The issue list's counts stop at their limit, and a search small enough to be read whole (unordered, sorted in
// the ingest) pages exactly as the list's index order does, ties of last seen included.
[Collection(IngestCollection.Name)]
public sealed class IssueListCountsTests(IngestFixture ingest)
{
    private const int Unresolved = 120;
    private const int Resolved = 10;

    // Unresolved "Bulk" issues and resolved "Rare" ones, four to each last-seen time so that the id decides ties.
    private async Task<ProjectKeyDto> ProjectWithIssuesAsync()
    {
        var project = await ingest.CreateProjectAsync();
        var inserted = await ingest.QueryScalarAsync<long>("""
            WITH added AS (
                INSERT INTO issues (id, project_id, fingerprint, title, culprit, level, status, event_count, first_seen, last_seen, regressed, search_text)
                SELECT gen_random_uuid(), @project, md5(n::text), title, 'app in handler', 'error', status, 1,
                       now() - interval '1 day', date_trunc('second', now()) - make_interval(secs => n / 4), false, title
                FROM generate_series(1, @unresolved + @resolved) AS n,
                     LATERAL (SELECT CASE WHEN n <= @unresolved THEN 'Bulk failure ' || n ELSE 'Rare failure ' || n END AS title,
                                     CASE WHEN n <= @unresolved THEN 'unresolved' ELSE 'resolved' END AS status) AS kind
                RETURNING 1
            )
            SELECT count(*) FROM added
            """, ("project", project.Id), ("unresolved", Unresolved), ("resolved", Resolved));
        Assert.Equal(Unresolved + Resolved, inserted);
        return project;
    }

    [Fact]
    public async Task Counts_are_exact_up_to_the_limit_and_say_more_past_it()
    {
        var project = await ProjectWithIssuesAsync();
        var triage = ingest.CreateTriageClient();

        var everything = await triage.ListIssuesAsync(new IssueQuery(project.Id.ToString()));
        var rare = await triage.ListIssuesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.Resolved, "Rare"));
        var rareUnresolved = await triage.ListIssuesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.Unresolved, "Rare"));

        Assert.Equal(new IssueCountsDto(IssueCountsDto.Limit + 1, Resolved, 0), everything.Counts);
        Assert.Equal("100+", IssueCountsDto.Text(everything.Counts.Unresolved));
        Assert.Equal(new IssueCountsDto(0, Resolved, 0), rare.Counts);
        Assert.Equal(Resolved, rare.Items.Count);
        Assert.Empty(rareUnresolved.Items);
        Assert.Null(rareUnresolved.NextCursor);
    }

    [Fact]
    public async Task A_search_read_whole_pages_in_the_same_order_as_the_list_without_gaps_or_repeats()
    {
        var project = await ProjectWithIssuesAsync();

        // No search: the list's index order. "failure" matches every issue, few enough to be read whole.
        var listed = await AllPagesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.All, Limit: 7));
        var searched = await AllPagesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.All, "failure", Limit: 7));

        Assert.Equal(Unresolved + Resolved, listed.Distinct().Count());
        Assert.Equal(listed, searched);
    }

    private async Task<List<Guid>> AllPagesAsync(IssueQuery query)
    {
        var triage = ingest.CreateTriageClient();
        var ids = new List<Guid>();
        for (var page = await triage.ListIssuesAsync(query); ; page = await triage.ListIssuesAsync(query with { Cursor = page.NextCursor }))
        {
            ids.AddRange(page.Items.Select(i => i.Id));
            if (page.NextCursor is null)
            {
                return ids;
            }
        }
    }
}
