using System.Text.Json;
using System.Text.Json.Nodes;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Alerts;

// The JSON each webhook-like channel posts. The generic webhook's shape is versioned and documented in
// docs/alerts-webhook.md; Slack, Teams and Discord follow their own documented formats and limits.
public static class AlertPayloads
{
    public const int WebhookSchemaVersion = 1;

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static string Webhook(AlertNotification n) => new JsonObject
    {
        ["version"] = WebhookSchemaVersion,
        ["delivery_id"] = n.DeliveryId,
        ["test"] = n.IsTest,
        ["trigger"] = n.TriggerWord,
        ["summary"] = n.Headline,
        ["held_back_events"] = n.HeldBackEvents,
        ["rule"] = new JsonObject { ["name"] = n.RuleName },
        ["project"] = new JsonObject { ["id"] = n.ProjectId, ["name"] = n.ProjectName },
        ["issue"] = n.IssueId is null ? null : new JsonObject
        {
            ["id"] = n.IssueId,
            ["title"] = n.Title,
            ["culprit"] = n.Culprit,
            ["level"] = n.LevelWord,
            ["environment"] = n.Environment,
            ["release"] = n.Release,
            ["event_count"] = n.EventCount,
            ["first_seen"] = n.FirstSeen,
            ["last_seen"] = n.LastSeen,
            ["url"] = n.IssueUrl,
            ["top_app_frames"] = new JsonArray([.. n.TopAppFrames.Select(f => JsonValue.Create(f))]),
        },
        // A storage alert is about no issue: its title is the storage guard's reason.
        ["storage"] = n.Trigger == AlertTrigger.StorageFull ? new JsonObject { ["reason"] = n.Title } : null,
    }.ToJsonString();

    // Slack incoming webhook with Block Kit: header text at most 150 characters, mrkdwn sections at most 3000,
    // at most 10 fields per section; "text" is the notification's fallback.
    public static string Slack(AlertNotification n)
    {
        var blocks = new List<object>
        {
            new { type = "header", text = new { type = "plain_text", text = Cut(n.Headline, 150) } },
            new { type = "section", text = new { type = "mrkdwn", text = Cut(Details(n, "*", "`"), 3000) } },
            new { type = "section", fields = n.Facts.Take(10).Select(f => new { type = "mrkdwn", text = Cut($"*{f.Name}*\n{f.Value}", 2000) }).ToArray() },
        };
        if (n.TopAppFrames.Count > 0)
        {
            blocks.Add(new { type = "section", text = new { type = "mrkdwn", text = Cut("```" + string.Join("\n", n.TopAppFrames) + "```", 3000) } });
        }
        if (n.IssueUrl is { } url)
        {
            blocks.Add(new { type = "actions", elements = new[] { new { type = "button", text = new { type = "plain_text", text = "Open issue" }, url } } });
        }
        return JsonSerializer.Serialize(new { text = Cut(n.Headline, 3000), blocks }, Json);
    }

    // Teams Workflows ("When a Teams webhook request is received"): a message with one Adaptive Card attachment.
    public static string Teams(AlertNotification n)
    {
        var body = new List<object>
        {
            new { type = "TextBlock", text = n.Headline, weight = "Bolder", size = "Medium", wrap = true },
            new { type = "TextBlock", text = Details(n, "**", "`"), wrap = true },
            new { type = "FactSet", facts = n.Facts.Select(f => new { title = f.Name, value = f.Value }).ToArray() },
        };
        if (n.TopAppFrames.Count > 0)
        {
            body.Add(new { type = "TextBlock", text = string.Join("\n\n", n.TopAppFrames), fontType = "Monospace", wrap = true });
        }
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = JsonSerializer.SerializeToNode(body, Json),
        };
        if (n.IssueUrl is { } url)
        {
            card["actions"] = JsonSerializer.SerializeToNode(new[] { new { type = "Action.OpenUrl", title = "Open issue", url } }, Json);
        }
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = card,
            }),
        }.ToJsonString();
    }

    // Discord webhook with one embed: title at most 256 characters, description 4096, at most 25 fields of
    // name 256 and value 1024.
    public static string Discord(AlertNotification n)
    {
        var fields = n.Facts.Select(f => new { name = Cut(f.Name, 256), value = Cut(f.Value, 1024), inline = true }).ToList();
        if (n.TopAppFrames.Count > 0)
        {
            fields.Add(new { name = "Top app frames", value = Cut("```" + string.Join("\n", n.TopAppFrames) + "```", 1024), inline = false });
        }
        var embed = new
        {
            title = Cut(n.Headline, 256),
            description = Cut(Details(n, "**", "`"), 4096),
            url = n.IssueUrl,
            color = n.Trigger == AlertTrigger.NewIssue ? 0xD13438 : 0xF7630C,
            fields = fields.Take(25).ToArray(),
            timestamp = n.LastSeen,
        };
        return JsonSerializer.Serialize(new { embeds = new[] { embed } }, Json);
    }

    // The culprit, why the rule fired and what the quiet period held back, in the channel's markup.
    private static string Details(AlertNotification n, string bold, string code)
    {
        var lines = new List<string>();
        if (n.Culprit is { } culprit)
        {
            lines.Add($"{code}{culprit}{code}");
        }
        lines.Add($"{n.TriggerDescription} Rule {bold}{n.RuleName}{bold}.");
        if (n.HeldBackSummary is { } heldBack)
        {
            lines.Add(heldBack);
        }
        return string.Join("\n", lines);
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
