using FiveHundreds.Ingest.Intake;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Triage;

// A parsed issue search: every part must match. Facets holds release:, environment: and every tag term, each a
// key and value looked up in the issues' facet counts; Text holds the free-text words and quoted phrases.
public sealed record IssueSearch(
    IssueStatus? Status, EventLevel? Level, IReadOnlyList<FacetPair> Facets, string? UserId, string? UserEmail,
    IReadOnlyList<string> Text, AssignedTerm? Assigned = null)
{
    public static IssueSearch Everything { get; } = new(null, null, [], null, null, []);

    // Whether any term but is: and assigned: (which the list applies apart) narrows the project's issues.
    public bool NarrowsIssues => Level is not null || Facets.Count > 0 || UserId is not null || UserEmail is not null || Text.Count > 0;

    // The list's environment and release parameters are one more term each, exactly as if typed into the query.
    public IssueSearch WithFacet(string key, string? value) =>
        string.IsNullOrWhiteSpace(value) ? this : this with { Facets = [.. Facets, new FacetPair(key, value.Trim())] };
}

// assigned: in a search, or the list's assignee parameter (the same term): the caller's own person (me), nobody
// (none) or one person by id. Who "me" is, is the caller's to say, not the query's.
public sealed record AssignedTerm(bool ToCaller, Guid? Person)
{
    public static AssignedTerm? TryRead(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        AssigneeWords.Me => new(true, null),
        AssigneeWords.Unassigned => new(false, null),
        var id when Guid.TryParse(id, out var person) => new(false, person),
        _ => null,
    };
}

// Where a query could not be read: the character (counted from 1) and what was wrong there.
public sealed record IssueSearchError(int Position, string Reason)
{
    public override string ToString() => $"query: at character {Position}, {Reason}";
}
