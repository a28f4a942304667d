using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Alerts;

// Decides whether an intent becomes a notification: at most one per issue and rule per quiet period, a
// frequency rule once per window, and what was held back is counted for the next notification.
public static class AlertNoiseControl
{
    // Answers the events held back before this notification, or null when the intent is held back itself.
    // The state is updated in place.
    public static long? Decide(AlertRule rule, AlertIssueState state, AlertIntent intent)
    {
        var at = intent.CreatedAt;
        if (rule.Trigger == AlertTrigger.Frequency)
        {
            var window = TimeSpan.FromMinutes(rule.FrequencyWindowMinutes ?? 1);
            if (state.WindowStartedAt is not { } started || at >= started + window)
            {
                state.WindowStartedAt = at;
                state.WindowEvents = 0;
                state.WindowFired = false;
            }
            state.WindowEvents += intent.EventCount;
            if (state.WindowFired)
            {
                state.HeldBackEvents += intent.EventCount;
                return null;
            }
            if (state.WindowEvents < (rule.FrequencyCount ?? 1))
            {
                return null;
            }
            state.WindowFired = true;
        }

        if (state.LastNotifiedAt is { } last && at < last + TimeSpan.FromMinutes(rule.QuietPeriodMinutes))
        {
            state.HeldBackEvents += intent.EventCount;
            return null;
        }
        var heldBack = state.HeldBackEvents;
        state.HeldBackEvents = 0;
        state.LastNotifiedAt = at;
        return heldBack;
    }
}
