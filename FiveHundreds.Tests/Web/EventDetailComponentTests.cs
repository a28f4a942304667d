using Bunit;
using FiveHundreds.TriageApi.Contracts;
using FiveHundreds.Web.Components.Shared;

namespace FiveHundreds.Tests.Web;

// The parts of an event beyond its stack trace, as the issue page shows them.
public sealed class EventDetailComponentTests : FluentComponentTest
{
    [Fact]
    public void Breadcrumbs_are_a_timeline_of_time_category_level_message_and_data()
    {
        var cut = Render<BreadcrumbsTimeline>(p => p.Add(c => c.Breadcrumbs, [
            new BreadcrumbDto(new DateTimeOffset(2026, 12, 1, 14, 3, 7, 250, TimeSpan.Zero), "default", "ui.click", "info",
                "button#pay", new Dictionary<string, string> { ["target"] = "<b>pay</b>" }),
            new BreadcrumbDto(null, "http", null, "warning", null, null),
        ]));

        var rows = cut.FindAll("tr.breadcrumb");
        Assert.Equal(2, rows.Count);
        Assert.Equal("14:03:07.250", rows[0].QuerySelector(".crumb-time")!.TextContent);
        Assert.Equal("ui.click", rows[0].QuerySelector(".crumb-category")!.TextContent);
        Assert.Equal("button#pay", rows[0].QuerySelector(".crumb-message")!.TextContent);
        Assert.Contains("<b>pay</b>", rows[0].QuerySelector(".crumb-data")!.TextContent);
        Assert.Empty(cut.FindAll(".crumb-data b"));
        Assert.Equal("http", rows[1].QuerySelector(".crumb-category")!.TextContent);
    }

    [Fact]
    public void The_user_shows_only_the_fields_the_sdk_sent()
    {
        var cut = Render<EventUserView>(p => p.Add(c => c.User, new EventUserDto("42", null, "ada@example.com", "203.0.113.9")));

        var rows = cut.FindAll("tr").Select(r => (r.QuerySelector("th")!.TextContent, r.QuerySelector("td")!.TextContent)).ToList();
        Assert.Equal([("ID", "42"), ("Email", "ada@example.com"), ("IP address", "203.0.113.9")], rows);
    }

    [Fact]
    public void The_user_s_ip_address_is_hidden_where_the_project_stores_none()
    {
        var cut = Render<EventUserView>(p => p
            .Add(c => c.User, new EventUserDto("42", null, null, "203.0.113.9"))
            .Add(c => c.ShowIpAddress, false));

        Assert.Equal(["ID"], cut.FindAll("th").Select(h => h.TextContent));
        Assert.DoesNotContain("203.0.113.9", cut.Markup);
    }

    [Fact]
    public void Contexts_are_tables_with_the_usual_ones_first()
    {
        var cut = Render<ContextsView>(p => p.Add(c => c.Contexts, new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["zeta"] = new Dictionary<string, string> { ["x"] = "1" },
            ["os"] = new Dictionary<string, string> { ["name"] = "Linux" },
            ["browser"] = new Dictionary<string, string> { ["name"] = "Chrome", ["version"] = "156.0" },
        }));

        Assert.Equal(["browser", "os", "zeta"], cut.FindAll(".context").Select(c => c.GetAttribute("data-context")));
        Assert.Equal("Chrome", cut.Find("[data-context=browser] td").TextContent);
    }

    [Fact]
    public void The_query_string_is_taken_apart()
    {
        var cut = Render<RequestView>(p => p.Add(c => c.Request,
            new RequestDataDto("https://shop.test/cart", "GET", null, "sku=A%201&page=2&sku=B", null)));

        var query = cut.FindAll("table.kv").Single(t => t.QuerySelector("caption")?.TextContent == "Query");
        var rows = query.QuerySelectorAll("tr").Select(r => (r.QuerySelector("th")!.TextContent, r.QuerySelector("td")!.TextContent)).ToList();
        Assert.Equal([("page", "2"), ("sku", "A 1,B")], rows);
    }

    [Fact]
    public void The_stored_json_can_be_read_and_downloaded()
    {
        var id = Guid.NewGuid();
        var ev = new EventDto(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), id, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            "javascript", EventLevel.Error, "Order failed", null, null, null, null, null, null, null, null,
            User: new EventUserDto("42", null, null, null));

        var cut = Render<RawEventJson>(p => p.Add(c => c.Event, ev));

        Assert.Contains("\"message\": \"Order failed\"", cut.Find("details.raw-event pre").TextContent);
        var link = cut.Find("a.download-json");
        Assert.Equal($"event-{id:N}.json", link.GetAttribute("download"));
        Assert.StartsWith("data:application/json", link.GetAttribute("href"));
    }
}
