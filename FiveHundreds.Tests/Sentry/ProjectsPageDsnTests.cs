using System.Net;
using System.Net.Http.Json;
using FiveHundreds.Tests.Web;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using FiveHundreds.Web.Auth;
using Bunit;
using ProjectsPage = FiveHundreds.Web.Components.Pages.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace FiveHundreds.Tests.Sentry;

public sealed class ProjectsPageDsnTests : FluentComponentTest
{
    private const string Dsn = "http://0123456789abcdef0123456789abcdef@ingest.example/7";
    private static readonly Guid ShopId = Guid.NewGuid();

    // Answers the page's two calls, the project list and their storage, as the triage API would.
    private sealed class ProjectListHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = request.RequestUri!.AbsolutePath.EndsWith("/storage")
                    ? JsonContent.Create(new[]
                    {
                        new ProjectStorageDto(ShopId, 3 * 1024 * 1024 / 2, 1200, DateTimeOffset.UtcNow.AddDays(-3), 3, 1000, 1024L * 1024 * 1024,
                            new Dictionary<string, long> { ["rate_limited"] = 4, ["quota"] = 12 }, null, 90),
                    }, options: TriageJson.Options)
                    : JsonContent.Create(new[]
                    {
                        new ProjectDto(ShopId, "Shop", "shop", "fhk_abcd", null, DateTimeOffset.UtcNow, 3, 16, Dsn, [], true, ["*"]),
                    }, options: TriageJson.Options),
            });
    }

    // Signed in as someone the dashboard's policies grant the given ones (none: a viewer).
    private IRenderedComponent<ProjectsPage> RenderPage(params string[] policies)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized("someone");
        authorization.SetPolicies(policies);
        Services.AddSingleton(new TriageApiClient(new HttpClient(new ProjectListHandler()) { BaseAddress = new Uri("http://ingest.test") }));
        return Render<ProjectsPage>();
    }

    [Fact]
    public void Each_project_shows_its_sentry_dsn_with_a_copy_button()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(Dsn, cut.Find("code.sentry-dsn").TextContent));
    }

    [Fact]
    public void Each_project_shows_its_storage_and_todays_drops_by_reason()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal("1.5 MiB", cut.Find(".stored-size").TextContent));
        Assert.Equal("quota 12 · rate limit 4", cut.Find(".drops-by-reason").TextContent);
        Assert.Contains("3 days ago", cut.Find(".storage-grid").TextContent);
    }

    [Fact]
    public void Each_project_shows_the_days_its_events_are_kept_and_only_an_admin_may_change_them()
    {
        var admin = RenderPage(DashboardPolicies.Admin);

        admin.WaitForAssertion(() => Assert.Equal("90 days (default)", admin.Find(".retention-days").TextContent));
        Assert.Single(admin.FindAll(".retention-input"));
        Assert.Single(admin.FindAll(".retention-save"));
    }

    [Fact]
    public void A_viewer_sees_the_days_its_events_are_kept_without_a_way_to_change_them()
    {
        var viewer = RenderPage();

        viewer.WaitForAssertion(() => Assert.Equal("90 days (default)", viewer.Find(".retention-days").TextContent));
        Assert.Empty(viewer.FindAll(".retention-input"));
        Assert.Empty(viewer.FindAll(".retention-save"));
    }
}
