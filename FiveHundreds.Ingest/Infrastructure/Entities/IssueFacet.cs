namespace FiveHundreds.Ingest.Infrastructure.Entities;

// How many of an issue's events carried one value of one key (environment, release, browser, os, server_name or
// a tag), kept by the intake in the group commit. Bounded per issue: see IssueFacetLimits.
public sealed class IssueFacet
{
    public Guid IssueId { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }

    public long Count { get; set; }
}
