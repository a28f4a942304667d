using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Alerts;

// An enabled rule as the intake matches it against every stored event: no I/O, no allocation per event
// unless the rule filters on the environment tag.
public sealed record AlertRuleFilter(
    Guid RuleId,
    Guid ProjectId,
    AlertTrigger Trigger,
    EventLevel? MinimumLevel,
    string? Environment,
    string? TextContains)
{
    public static AlertRuleFilter From(AlertRule rule) =>
        new(rule.Id, rule.ProjectId, rule.Trigger, rule.MinimumLevel, rule.Environment, rule.TextContains);

    // The levels run from Fatal (most severe) to Debug, so "at least Warning" is Fatal, Error or Warning.
    // The caller reads the event's environment tag only for rules that filter on it.
    public bool Matches(EventLevel level, string title, string? culprit, string? environmentTag) =>
        (MinimumLevel is not { } minimum || level <= minimum)
        && (TextContains is null
            || title.Contains(TextContains, StringComparison.OrdinalIgnoreCase)
            || (culprit?.Contains(TextContains, StringComparison.OrdinalIgnoreCase) ?? false))
        && (Environment is null || string.Equals(environmentTag, Environment, StringComparison.OrdinalIgnoreCase));
}
