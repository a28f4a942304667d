using FiveHundreds.Ingest.Alerts;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Alerts;

public sealed class AlertRuleFilterTests
{
    private static AlertRuleFilter Rule(EventLevel? minimumLevel = null, string? environment = null, string? textContains = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), AlertTrigger.NewIssue, minimumLevel, environment, textContains);

    [Fact]
    public void A_rule_without_filters_matches_every_event() =>
        Assert.True(Rule().Matches(EventLevel.Debug, "KeyError: 'x'", null, null));

    [Theory]
    [InlineData(EventLevel.Fatal, true)]
    [InlineData(EventLevel.Error, true)]
    [InlineData(EventLevel.Warning, false)]
    [InlineData(EventLevel.Debug, false)]
    public void A_minimum_level_lets_through_that_level_and_the_more_severe_ones(EventLevel level, bool expected) =>
        Assert.Equal(expected, Rule(minimumLevel: EventLevel.Error).Matches(level, "t", null, null));

    [Theory]
    [InlineData("production", true)]
    [InlineData("PRODUCTION", true)]
    [InlineData("staging", false)]
    [InlineData(null, false)]
    public void An_environment_filter_matches_the_environment_tag_ignoring_case(string? tag, bool expected) =>
        Assert.Equal(expected, Rule(environment: "production").Matches(EventLevel.Error, "t", null, tag));

    [Theory]
    [InlineData("CheckoutError: cart is empty", null, true)]
    [InlineData("KeyError: 'cart'", "shop.views in checkout", true)]
    [InlineData("KeyError: 'cart'", null, false)]
    [InlineData("KeyError: 'cart'", "shop.models in save", false)]
    public void A_text_filter_looks_in_the_title_and_the_culprit_ignoring_case(string title, string? culprit, bool expected) =>
        Assert.Equal(expected, Rule(textContains: "CHECKOUT").Matches(EventLevel.Error, title, culprit, null));
}
