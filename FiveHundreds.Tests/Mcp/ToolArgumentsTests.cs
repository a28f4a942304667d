using FiveHundreds.Mcp.Tools;
using FiveHundreds.TriageApi.Contracts;
using ModelContextProtocol;

namespace FiveHundreds.Tests.Mcp;

public class ToolArgumentsTests
{
    [Theory]
    [InlineData("42")]
    [InlineData("issue-7")]
    [InlineData("")]
    [InlineData(null)]
    public void An_issue_id_that_is_not_a_uuid_is_refused_with_what_an_id_looks_like(string? value)
    {
        var error = Assert.Throws<McpException>(() => ToolArguments.IssueId(value));

        Assert.StartsWith("issue_id", error.Message);
        Assert.Contains("UUID", error.Message);
        Assert.Contains("list_issues", error.Message);
    }

    [Fact]
    public void An_issue_id_with_surrounding_spaces_is_accepted()
    {
        var id = Guid.NewGuid();

        Assert.Equal(id, ToolArguments.IssueId($" {id} "));
    }

    [Fact]
    public void An_unknown_status_filter_is_refused_with_the_valid_values()
    {
        var error = Assert.Throws<McpException>(() => ToolArguments.StatusFilter("open"));

        Assert.Equal("status \"open\" is not valid. Valid values: \"unresolved\", \"resolved\", \"ignored\", \"all\".", error.Message);
    }

    [Theory]
    [InlineData(null, IssueStatusFilter.Unresolved)]
    [InlineData("ALL", IssueStatusFilter.All)]
    [InlineData(" resolved ", IssueStatusFilter.Resolved)]
    public void A_status_filter_defaults_to_unresolved_and_ignores_case_and_spaces(string? value, IssueStatusFilter expected) =>
        Assert.Equal(expected, ToolArguments.StatusFilter(value));

    [Fact]
    public void A_new_status_is_required_and_cannot_be_all()
    {
        Assert.Contains("required", Assert.Throws<McpException>(() => ToolArguments.Status(null)).Message);
        Assert.Equal("status \"all\" is not valid. Valid values: \"unresolved\", \"resolved\", \"ignored\".",
            Assert.Throws<McpException>(() => ToolArguments.Status("all")).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-5)]
    public void A_limit_outside_1_to_100_is_refused_with_the_range(int limit) =>
        Assert.Contains("from 1 to 100", Assert.Throws<McpException>(() => ToolArguments.Limit(limit)).Message);

    [Fact]
    public void A_level_defaults_to_error_and_an_unknown_one_lists_the_levels()
    {
        Assert.Equal(EventLevel.Error, ToolArguments.Level(null));
        Assert.Equal(EventLevel.Warning, ToolArguments.Level("Warning"));
        Assert.Equal("level \"critical\" is not valid. Valid values: \"fatal\", \"error\", \"warning\", \"info\", \"debug\".",
            Assert.Throws<McpException>(() => ToolArguments.Level("critical")).Message);
    }

    [Fact]
    public void A_required_text_must_not_be_blank()
    {
        Assert.Equal("title is required and must not be empty.",
            Assert.Throws<McpException>(() => ToolArguments.Required("title", "  ")).Message);
        Assert.Equal("Crash", ToolArguments.Required("title", " Crash "));
    }
}
