namespace FiveHundreds.TriageApi.Contracts;

// What happened to an issue, and who did it. Created, regressed and returned from ignore come from the intake (a new
// issue, a resolved one that an event reopened, an ignored one whose condition passed); the others from a person or
// agent through the triage API.
public enum IssueActivityKind
{
    Created, Regressed, Resolved, Reopened, TicketCreated, Comment, Assigned, Unassigned, Ignored, ResolvedInNextRelease,
    ReturnedFromIgnore,
}

// Who acted: a person's name (or, for a caller that is only an API token, the token's name), the person's id,
// and the token the request came with. Null on an entry means the intake acted on its own.
public sealed record ActorDto(string Name, Guid? UserId, string? ViaToken)
{
    // "by Ada via token ci", "by Ada", or "via token ci" when no person acted; quote marks the names as
    // written by people, for readers that must tell them from the surrounding text.
    public string Describe(Func<string, string> quote)
    {
        var via = ViaToken is null ? null : $"via token {quote(ViaToken)}";
        return UserId is null && via is not null ? via : $"by {quote(Name)}{(via is null ? "" : " " + via)}";
    }
}

// Body is the comment's Markdown, as written, on comments only; TicketId is the ticket a ticket_created entry made;
// Assignee is the person an assigned entry handed the issue to, with their name at the time.
public sealed record ActivityEntryDto(
    Guid Id, Guid IssueId, IssueActivityKind Kind, DateTimeOffset OccurredAt, ActorDto? Actor, string? Body, Guid? TicketId,
    PersonDto? Assignee = null);

// Newest first. CanComment says whether the caller may add comments (and change the issue): a page hides
// what the caller would only be refused.
public sealed record ActivityPageDto(IReadOnlyList<ActivityEntryDto> Items, string? NextCursor, bool CanComment);

public sealed record CreateCommentRequest(string Body);
