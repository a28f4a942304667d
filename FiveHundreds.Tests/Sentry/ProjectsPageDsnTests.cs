using System.Net;
using System.Net.Http.Json;
using FiveHundreds.Tests.Web;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Bunit;
using ProjectsPage = FiveHundreds.Web.Components.Pages.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace FiveHundreds.Tests.Sentry;

public sealed class ProjectsPageDsnTests : FluentComponentTest
{
    private const string Dsn = "http://0123456789abcdef0123456789abcdef@ingest.example/7";

    // Answers the page's one call, the project list, as the triage API would.
    private sealed class ProjectListHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = JsonContent.Create(new[]
                {
                    new ProjectDto(Guid.NewGuid(), "Shop", "shop", "fhk_abcd", null, DateTimeOffset.UtcNow, 3, 0, Dsn, [], true, ["*"]),
                }, options: TriageJson.Options),
            });
    }

    [Fact]
    public void Each_project_shows_its_sentry_dsn_with_a_copy_button()
    {
        Services.AddSingleton(new TriageApiClient(new HttpClient(new ProjectListHandler()) { BaseAddress = new Uri("http://ingest.test") }));

        var cut = Render<ProjectsPage>();

        cut.WaitForAssertion(() => Assert.Equal(Dsn, cut.Find("code.sentry-dsn").TextContent));
    }
}
