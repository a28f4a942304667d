using Bunit;
using FiveHundreds.Web.Presentation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FiveHundreds.Tests.Web;

// bUnit context for the dashboard's components: the Fluent UI services, loose JS interop (the web components'
// scripts do not run here), and an ingest URL for the set-up snippets.
public abstract class FluentComponentTest : BunitContext
{
    public const string IngestUrl = "https://ingest.example";

    protected FluentComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddFluentUIComponents();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(new IngestEndpoint(
            Options.Create(new IngestOptions { PublicUrl = IngestUrl }), new ConfigurationBuilder().Build()));
    }
}
