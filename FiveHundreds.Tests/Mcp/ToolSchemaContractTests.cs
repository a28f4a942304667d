using System.Text.Json;
using FiveHundreds.Mcp.Prompts;
using FiveHundreds.Mcp.Resources;
using FiveHundreds.Mcp.Tools;

namespace FiveHundreds.Tests.Mcp;

// The tool names, arguments and result shapes are a contract with every agent configured against FiveHundreds.
public class ToolSchemaContractTests
{
    [Fact]
    public void The_server_offers_exactly_these_triage_tools()
    {
        Assert.Equal(
            ["add_comment", "assign_issue", "create_issue", "create_ticket_from_issue", "get_event", "get_issue", "list_events",
             "list_issues", "merge_issues", "update_issue_status"],
            McpServerDefinition.Tools.Select(t => t.Name).Order());
    }

    [Theory]
    [InlineData("list_issues", new[] { "project", "status", "query", "environment", "release", "limit", "cursor", "assignee" }, new string[0])]
    [InlineData("assign_issue", new[] { "issue_id", "assignee" }, new[] { "issue_id", "assignee" })]
    [InlineData("merge_issues", new[] { "target_issue_id", "issue_ids" }, new[] { "target_issue_id", "issue_ids" })]
    [InlineData("get_issue", new[] { "issue_id" }, new[] { "issue_id" })]
    [InlineData("update_issue_status", new[] { "issue_id", "status", "in_next_release", "ignore_until", "ignore_more_events", "ignore_more_users" }, new[] { "issue_id", "status" })]
    [InlineData("list_events", new[] { "issue_id", "limit", "cursor" }, new[] { "issue_id" })]
    [InlineData("get_event", new[] { "event_id" }, new[] { "event_id" })]
    [InlineData("create_ticket_from_issue", new[] { "issue_id" }, new[] { "issue_id" })]
    [InlineData("create_issue", new[] { "project", "title", "description", "level" }, new[] { "project", "title", "description" })]
    [InlineData("add_comment", new[] { "issue_id", "body" }, new[] { "issue_id", "body" })]
    public void Each_tool_takes_its_contracted_arguments(string tool, string[] arguments, string[] required)
    {
        var schema = McpServerDefinition.Tool(tool).InputSchema;

        Assert.Equal(arguments, schema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var requiredNames = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!) : [];
        Assert.Equal(required, requiredNames);
    }

    [Theory]
    [InlineData("list_issues", "status", "unresolved")]
    [InlineData("list_issues", "limit", 20)]
    [InlineData("create_issue", "level", "error")]
    public void Optional_arguments_declare_their_defaults(string tool, string argument, object expected)
    {
        var value = McpServerDefinition.Tool(tool).InputSchema.GetProperty("properties").GetProperty(argument).GetProperty("default");

        Assert.Equal(expected.ToString(), value.ToString());
    }

    [Fact]
    public void Every_tool_and_argument_is_described_for_a_model_that_has_never_seen_FiveHundreds()
    {
        foreach (var tool in McpServerDefinition.Tools)
        {
            Assert.Contains("FiveHundreds", tool.Description);
            Assert.True(tool.Description!.Length >= 200, $"{tool.Name}: a description should say what, when, and what comes back");
            Assert.False(string.IsNullOrWhiteSpace(tool.Title), tool.Name);
            foreach (var argument in tool.InputSchema.GetProperty("properties").EnumerateObject())
            {
                Assert.True(argument.Value.TryGetProperty("description", out var description), $"{tool.Name}.{argument.Name}");
                Assert.True(description.GetString()!.Length >= 30, $"{tool.Name}.{argument.Name}");
            }
        }
    }

    [Fact]
    public void Descriptions_come_from_the_tool_constants()
    {
        Assert.Equal(ListIssuesTool.ToolDescription, McpServerDefinition.Tool(ListIssuesTool.Name).Description);
        Assert.Equal(GetIssueTool.ToolDescription, McpServerDefinition.Tool(GetIssueTool.Name).Description);
        Assert.Equal(UpdateIssueStatusTool.ToolDescription, McpServerDefinition.Tool(UpdateIssueStatusTool.Name).Description);
        Assert.Equal(CreateTicketFromIssueTool.ToolDescription, McpServerDefinition.Tool(CreateTicketFromIssueTool.Name).Description);
        Assert.Equal(CreateIssueTool.ToolDescription, McpServerDefinition.Tool(CreateIssueTool.Name).Description);
        Assert.Equal(AssignIssueTool.ToolDescription, McpServerDefinition.Tool(AssignIssueTool.Name).Description);
        Assert.Equal(AddCommentTool.ToolDescription, McpServerDefinition.Tool(AddCommentTool.Name).Description);
        Assert.Equal(MergeIssuesTool.ToolDescription, McpServerDefinition.Tool(MergeIssuesTool.Name).Description);
        Assert.Equal(ListEventsTool.ToolDescription, McpServerDefinition.Tool(ListEventsTool.Name).Description);
        Assert.Equal(GetEventTool.ToolDescription, McpServerDefinition.Tool(GetEventTool.Name).Description);
    }

    [Theory]
    [InlineData("list_issues", true, false)]
    [InlineData("get_issue", true, false)]
    [InlineData("list_events", true, false)]
    [InlineData("get_event", true, false)]
    [InlineData("update_issue_status", false, false)]
    [InlineData("create_ticket_from_issue", false, false)]
    [InlineData("create_issue", false, false)]
    [InlineData("assign_issue", false, false)]
    [InlineData("add_comment", false, false)]
    [InlineData("merge_issues", false, true)]
    public void Read_only_tools_say_so_and_only_merging_is_destructive(string tool, bool readOnly, bool destructive)
    {
        var annotations = McpServerDefinition.Tool(tool).Annotations!;

        Assert.Equal(readOnly, annotations.ReadOnlyHint);
        Assert.Equal(destructive, annotations.DestructiveHint ?? false);
        Assert.False(annotations.OpenWorldHint);
    }

    [Theory]
    [InlineData("list_issues", "items", "next_cursor", "unresolved_total", "resolved_total", "ignored_total", "totals_exact_up_to")]
    [InlineData("get_issue", "issue", "latest_event", "recent_events", "events_per_day", "facets", "activity", "workflow")]
    [InlineData("list_events", "issue_id", "items", "next_cursor")]
    [InlineData("get_event", "id", "event_id", "user", "breadcrumbs", "contexts", "exceptions")]
    [InlineData("update_issue_status", "id", "title", "status", "event_count", "first_seen", "last_seen")]
    [InlineData("create_ticket_from_issue", "id", "issue_id", "title", "description", "status")]
    [InlineData("create_issue", "id", "project", "title", "status")]
    [InlineData("assign_issue", "id", "title", "status", "assignee")]
    [InlineData("add_comment", "id", "issue_id", "kind", "occurred_at", "actor", "comment")]
    [InlineData("merge_issues", "id", "title", "event_count", "users_affected")]
    public void Each_tool_declares_the_snake_case_shape_of_its_structured_result(string tool, params string[] properties)
    {
        var schema = McpServerDefinition.Tool(tool).OutputSchema!.Value;

        var declared = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(properties, p => Assert.Contains(p, declared));
    }

    [Fact]
    public void Enum_values_in_results_are_the_snake_case_words_of_the_triage_api()
    {
        var issue = McpServerDefinition.Tool("update_issue_status").OutputSchema!.Value.GetProperty("properties");

        Assert.Equal(["unresolved", "resolved", "ignored"], issue.GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["fatal", "error", "warning", "info", "debug"], issue.GetProperty("level").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var ticket = McpServerDefinition.Tool("create_ticket_from_issue").OutputSchema!.Value.GetProperty("properties");
        Assert.Equal(["backlog", "in_progress", "done"], ticket.GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Each_issue_is_a_resource_and_triage_issue_is_a_prompt_taking_the_issue_id()
    {
        var template = Assert.Single(McpServerDefinition.ResourceTemplates);
        Assert.Equal("fivehundreds://issues/{id}", template.UriTemplate);
        Assert.Equal(IssueResource.ResourceDescription, template.Description);

        var prompt = Assert.Single(McpServerDefinition.Prompts);
        Assert.Equal(TriageIssuePrompt.Name, prompt.Name);
        var argument = Assert.Single(prompt.Arguments!);
        Assert.Equal(("issue_id", true), (argument.Name, argument.Required == true));
        Assert.False(string.IsNullOrWhiteSpace(argument.Description));
    }

    [Fact]
    public void Structured_results_serialize_with_the_names_the_schema_declares()
    {
        var json = JsonSerializer.SerializeToElement(new FiveHundreds.Mcp.Formatting.DayCountView(new DateOnly(2026, 11, 24), 3), McpJson.Options);

        Assert.Equal("{\"day\":\"2026-11-24\",\"count\":3}", json.GetRawText());
    }
}
