using FiveHundreds.Ingest.Alerts;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Alerts;

public sealed class AlertNoiseControlTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-01T10:00:00Z");

    private static AlertRule Rule(AlertTrigger trigger, int quiet = 30, int? count = null, int? window = null) =>
        new() { Name = "r", Trigger = trigger, QuietPeriodMinutes = quiet, FrequencyCount = count, FrequencyWindowMinutes = window };

    private static AlertIntent Intent(double minutes, int events = 1) =>
        new() { CreatedAt = Start.AddMinutes(minutes), EventCount = events };

    [Fact]
    public void The_first_trigger_notifies_with_nothing_held_back()
    {
        var state = new AlertIssueState();
        Assert.Equal(0, AlertNoiseControl.Decide(Rule(AlertTrigger.Regression), state, Intent(0)));
    }

    [Fact]
    public void Triggers_within_the_quiet_period_are_held_back_and_counted_in_the_next_notification()
    {
        var rule = Rule(AlertTrigger.Regression, quiet: 30);
        var state = new AlertIssueState();
        AlertNoiseControl.Decide(rule, state, Intent(0));

        Assert.Null(AlertNoiseControl.Decide(rule, state, Intent(5, events: 30)));
        Assert.Null(AlertNoiseControl.Decide(rule, state, Intent(29, events: 7)));
        Assert.Equal(37, AlertNoiseControl.Decide(rule, state, Intent(31)));
        Assert.Null(AlertNoiseControl.Decide(rule, state, Intent(32)));
    }

    [Fact]
    public void A_frequency_rule_fires_when_the_window_reaches_the_count_and_once_per_window()
    {
        var rule = Rule(AlertTrigger.Frequency, quiet: 0, count: 100, window: 10);
        var state = new AlertIssueState();

        Assert.Null(AlertNoiseControl.Decide(rule, state, Intent(0, events: 60)));
        Assert.Equal(0, AlertNoiseControl.Decide(rule, state, Intent(1, events: 40)));
        Assert.Null(AlertNoiseControl.Decide(rule, state, Intent(2, events: 500)));
        Assert.Null(AlertNoiseControl.Decide(rule, state, Intent(11, events: 99)));
        Assert.Equal(500, AlertNoiseControl.Decide(rule, state, Intent(12, events: 1)));
    }

    [Fact]
    public void Events_spread_over_more_than_the_window_do_not_fire_a_frequency_rule()
    {
        var rule = Rule(AlertTrigger.Frequency, count: 100, window: 10);
        var state = new AlertIssueState();
        for (var minute = 0; minute < 60; minute += 5)
        {
            Assert.Null(AlertNoiseControl.Decide(rule, state, Intent(minute, events: 49)));
        }
    }
}
