using System.Text;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Triage;

// The one reading of the issue search, whoever types it (the dashboard, an API caller, a model through MCP):
//   is:unresolved|resolved|ignored   level:error   release:2.0.0   environment:production
//   user.id:42   user.email:ann@example.com   assigned:me|none|<person id>
//   browser:"Chrome 120"   any other key:value (a tag)
//   words and "quoted phrases" (matched in titles, culprits and exception messages)
// A value with spaces is quoted; inside quotes \" is a quote and \\ a backslash. Every term must match.
public static class IssueSearchParser
{
    public const int MaxLength = 1000;

    public const int MaxTerms = 20;

    public static bool TryParse(string? query, out IssueSearch search, out IssueSearchError? error)
    {
        search = IssueSearch.Everything;
        error = null;
        if (string.IsNullOrWhiteSpace(query))
        {
            return true;
        }
        if (query.Length > MaxLength)
        {
            error = new IssueSearchError(MaxLength + 1, $"the query is longer than {MaxLength} characters.");
            return false;
        }
        var reader = new Reader(query);
        var terms = 0;
        while (reader.SkipSpaces())
        {
            var start = reader.Position;
            if (++terms > MaxTerms)
            {
                error = new IssueSearchError(start + 1, $"the query has more than {MaxTerms} terms.");
                return false;
            }
            if (!reader.ReadTerm(out var key, out var value, out error))
            {
                return false;
            }
            if (key is null)
            {
                search = value.Length == 0 ? search : search with { Text = [.. search.Text, value] };
                continue;
            }
            if (!Apply(search, key, value, start, out search, out error))
            {
                return false;
            }
        }
        return true;
    }

    private static bool Apply(IssueSearch search, string key, string value, int start, out IssueSearch applied, out IssueSearchError? error)
    {
        applied = search;
        error = null;
        string? problem = null;
        switch (key.ToLowerInvariant())
        {
            case "is":
                problem = search.Status is not null ? "is: is given twice; an issue has one status."
                    : !WireWords.TryParse<IssueStatus>(value, out var status) ? $"is:{value} is not a status; use {Choices<IssueStatus>("is")}."
                    : null;
                applied = problem is null ? search with { Status = WireWords.Parse<IssueStatus>(value) } : search;
                break;
            case "level":
                problem = search.Level is not null ? "level: is given twice; an issue has one level."
                    : !WireWords.TryParse<EventLevel>(value, out _) ? $"level:{value} is not a level; use {Choices<EventLevel>("level")}."
                    : null;
                applied = problem is null ? search with { Level = WireWords.Parse<EventLevel>(value) } : search;
                break;
            case "user.id":
                applied = search with { UserId = value };
                problem = search.UserId is not null ? "user.id: is given twice." : null;
                break;
            case "user.email":
                applied = search with { UserEmail = value };
                problem = search.UserEmail is not null ? "user.email: is given twice." : null;
                break;
            case "assigned":
                var assigned = AssignedTerm.TryRead(value);
                problem = search.Assigned is not null ? "assigned: is given twice; an issue has one assignee."
                    : assigned is null ? $"assigned:{value} is not an assignee; use assigned:me, assigned:none or assigned:<person id>."
                    : null;
                applied = search with { Assigned = assigned };
                break;
            case var other when other.StartsWith("user.", StringComparison.Ordinal):
                problem = $"{key}: is not a user field; use user.id: or user.email:.";
                break;
            case IssueAggregates.Release or IssueAggregates.Environment:
                applied = search.WithFacet(key.ToLowerInvariant(), value);
                break;
            default:
                // Tag names are the SDK's own spelling, so their case is kept.
                problem = key.Length > FieldLimits.FacetKey ? $"the key {key[..20]}… is longer than {FieldLimits.FacetKey} characters." : null;
                applied = search.WithFacet(key, value);
                break;
        }
        if (problem is not null)
        {
            error = new IssueSearchError(start + 1, problem);
            return false;
        }
        return true;
    }

    private static string Choices<T>(string key) where T : struct, Enum =>
        string.Join(", ", WireWords.All<T>().Select(word => $"{key}:{word}"));

    private sealed class Reader(string text)
    {
        public int Position { get; private set; }

        // False at the end of the text.
        public bool SkipSpaces()
        {
            while (Position < text.Length && char.IsWhiteSpace(text[Position]))
            {
                Position++;
            }
            return Position < text.Length;
        }

        // A key:value term (key set) or free text (key null): a bare word or a quoted phrase.
        public bool ReadTerm(out string? key, out string value, out IssueSearchError? error)
        {
            key = null;
            value = "";
            error = null;
            var start = Position;
            if (text[Position] == '"')
            {
                return ReadQuoted(out value, out error);
            }
            while (Position < text.Length && !char.IsWhiteSpace(text[Position]) && text[Position] != ':')
            {
                Position++;
            }
            if (Position == text.Length || text[Position] != ':')
            {
                value = text[start..Position];
                return true;
            }
            key = text[start..Position];
            if (key.Length == 0)
            {
                error = new IssueSearchError(start + 1, "a term starts with ':'; write key:value, such as release:2.0.0.");
                return false;
            }
            Position++;
            if (Position < text.Length && text[Position] == '"')
            {
                if (!ReadQuoted(out value, out error))
                {
                    return false;
                }
            }
            else
            {
                var valueStart = Position;
                while (Position < text.Length && !char.IsWhiteSpace(text[Position]))
                {
                    Position++;
                }
                value = text[valueStart..Position];
            }
            if (value.Length == 0)
            {
                error = new IssueSearchError(start + 1, $"{key}: has no value; write {key}:value, or quote a value with spaces.");
                return false;
            }
            return true;
        }

        private bool ReadQuoted(out string value, out IssueSearchError? error)
        {
            var open = Position++;
            var phrase = new StringBuilder();
            while (Position < text.Length && text[Position] != '"')
            {
                if (text[Position] == '\\' && Position + 1 < text.Length && text[Position + 1] is '"' or '\\')
                {
                    Position++;
                }
                phrase.Append(text[Position++]);
            }
            value = phrase.ToString();
            if (Position == text.Length)
            {
                error = new IssueSearchError(open + 1, "the quote opened here is never closed.");
                return false;
            }
            Position++;
            error = null;
            return true;
        }
    }
}
