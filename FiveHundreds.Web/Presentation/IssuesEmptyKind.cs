using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Web.Presentation;

public enum IssuesEmptyKind { NoProject, NoErrors, NoMatch }

public static class IssuesEmpty
{
    // Why the issue list is empty decides what to suggest next. The counts follow the search, so with a search
    // they say nothing about whether errors arrived at all.
    public static IssuesEmptyKind KindOf(int projectCount, IssueCountsDto counts, string? query) =>
        projectCount == 0 ? IssuesEmptyKind.NoProject
        : string.IsNullOrEmpty(query) && counts.Unresolved + counts.Resolved + counts.Ignored == 0 ? IssuesEmptyKind.NoErrors
        : IssuesEmptyKind.NoMatch;
}
