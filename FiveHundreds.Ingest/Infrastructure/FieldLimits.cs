namespace FiveHundreds.Ingest.Infrastructure;

// The longest text each stored field holds: the API's validation, the intake's shortening and the EF column
// sizes all read these, so a limit cannot differ between the check and the column.
public static class FieldLimits
{
    // An issue's title and culprit, whether worked out from an event or typed into a bug report.
    public const int IssueTitle = 250;

    public const int IssueCulprit = IssueTitle;

    // The description of a bug reported by hand: it becomes the event's message.
    public const int IssueDescription = 64 * 1024;

    public const int ProjectName = 200;

    // A slug is the name's stem (at most SlugStem characters) and, when taken, a "-n" suffix.
    public const int ProjectSlug = 200;

    public const int SlugStem = 60;

    public const int TicketTitle = 1000;

    public const int TicketDescription = 256 * 1024;

    public const int TokenName = 200;

    // A person's display name and email address (RFC 5321 caps an address at 254).
    public const int PersonName = 200;

    public const int Email = 254;

    // Passwords longer than this are refused before they are hashed, so a huge one cannot cost a hash of it.
    public const int Password = 256;

    public const int UserAgent = 300;
    // Who acted, in an activity entry: a person's name, or a token's.
    public const int ActorName = 200;

    // A comment on an issue, in characters of Markdown.
    public const int CommentBody = 16 * 1024;

    // A project's own secret names (scrubbed like the built-in ones): how many, and how long each.
    public const int ScrubNames = 100;
    public const int ScrubName = 100;

    // The longest ingest key or API token a caller may present: ours are far shorter, and a longer one is refused
    // before it is hashed or looked up.
    public const int PresentedSecret = 200;

    // An OpenID Connect id_token handed to single sign-on; real ones are a few kilobytes.
    public const int IdentityToken = 16 * 1024;

    // An event's release and server name, cut to this length by the parser.
    public const int EventRelease = 200;

    public const int EventServerName = 200;

    // The user key an issue counts distinct users by ("id:", "email:" or "ip:" and the SDK's value), and the
    // user id and email kept beside it for search.
    public const int UserKey = 300;

    // A facet's key (a tag name or a built-in field) and value, cut to these lengths when counted.
    public const int FacetKey = 64;

    public const int FacetValue = 200;
}
