using System.Globalization;
using FiveHundreds.TriageApi.Contracts;
using ModelContextProtocol;

namespace FiveHundreds.Mcp.Tools;

// Checks tool arguments and turns a bad one into a tool error (an McpException, which the SDK returns as a
// result with isError: true and this message) that names the argument, what was wrong, and what is valid, so
// the model can correct itself on the next call.
public static class ToolArguments
{
    public const int DefaultLimit = 20;

    public const int MaxLimit = 100;

    public static Guid IssueId(string? value) =>
        Guid.TryParse(value?.Trim(), out var id)
            ? id
            : throw new McpException(
                $"issue_id {Quote(value)} is not an issue id. An issue id is a UUID such as \"3f2b8c1e-8d4a-4a5e-9c1b-2a7d6e0f9b41\", " +
                "as returned in the id field of list_issues.");

    public static Guid EventId(string? value) =>
        Guid.TryParse(value?.Trim(), out var id)
            ? id
            : throw new McpException(
                $"event_id {Quote(value)} is not an event id. An event id is a UUID, as returned in the id field of list_events.");

    public static IssueStatusFilter StatusFilter(string? value) => string.IsNullOrWhiteSpace(value)
        ? IssueStatusFilter.Unresolved
        : OneOf<IssueStatusFilter>("status", value);

    public static IssueStatus Status(string? value) => string.IsNullOrWhiteSpace(value)
        ? throw new McpException("status is required. Valid values: \"resolved\" (the problem is fixed), \"unresolved\" (reopen it) or \"ignored\" (mute it).")
        : OneOf<IssueStatus>("status", value);

    public static EventLevel Level(string? value) => string.IsNullOrWhiteSpace(value)
        ? EventLevel.Error
        : OneOf<EventLevel>("level", value);

    // An ignore's end time: ISO 8601 with an offset or Z, so that no server time zone is guessed.
    public static DateTimeOffset? Time(string name, string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? null
            : DateTime.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
              && time.Kind != DateTimeKind.Unspecified
                ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero)
                : throw new McpException($"{name} {Quote(value)} is not a time. Valid: ISO 8601 with a time zone, such as \"2026-12-24T18:00:00Z\".");

    public static int Limit(int value) => value is >= 1 and <= MaxLimit
        ? value
        : throw new McpException($"limit {value} is out of range. Valid: a whole number from 1 to {MaxLimit} (default {DefaultLimit}).");

    // "me", "none" or a person's id, for filtering the issue list.
    public static string? AssigneeFilter(string? value) => Optional(value)?.ToLowerInvariant() switch
    {
        null => null,
        AssigneeWords.Me or AssigneeWords.Unassigned => value!.Trim().ToLowerInvariant(),
        var text when Guid.TryParse(text, out var id) => id.ToString(),
        _ => throw new McpException($"assignee {Quote(value)} is not valid. Valid: \"me\", \"none\" or a person's id (a UUID)."),
    };

    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // Only presence is checked here; length limits are the triage API's rule, and its refusal says what is valid.
    public static string Required(string name, string? value) => string.IsNullOrWhiteSpace(value)
        ? throw new McpException($"{name} is required and must not be empty.")
        : value.Trim();

    // Enum arguments are plain strings in the schema so that a wrong value reaches this check (and its helpful
    // message) instead of failing inside the SDK's argument binding.
    private static T OneOf<T>(string name, string value) where T : struct, Enum
    {
        return WireWords.TryParse<T>(value, out var parsed)
            ? parsed
            : throw new McpException($"{name} {Quote(value)} is not valid. Valid values: {ValidValues<T>()}.");
    }

    public static string ValidValues<T>() where T : struct, Enum =>
        string.Join(", ", WireWords.All<T>().Select(word => $"\"{word}\""));

    private static string Quote(string? value) => value is null ? "(missing)" : $"\"{value}\"";
}
