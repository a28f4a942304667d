using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

// The proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (section "ForwardedHeaders"). Behind TLS
// termination the request then counts as https, so cookies are Secure and redirect addresses (single sign-on's
// callback) are https; the client's address is the one the throttle counts. Loopback is always trusted;
// addresses are comma separated, e.g. KnownNetworks "10.0.0.0/8,fd00::/8" for a container platform's ingress.
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    public string? KnownProxies { get; set; }

    public string? KnownNetworks { get; set; }

    internal static void Configure<TBuilder>(TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ForwardedHeadersSettings>().BindConfiguration(SectionName)
            .Validate(s => List(s.KnownProxies).All(p => IPAddress.TryParse(p, out _)), "ForwardedHeaders:KnownProxies must list IP addresses.")
            .Validate(s => List(s.KnownNetworks).All(n => System.Net.IPNetwork.TryParse(n, out _)), "ForwardedHeaders:KnownNetworks must list CIDR networks.")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<Options.IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in List(settings.Value.KnownProxies))
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in List(settings.Value.KnownNetworks))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }

    private static string[] List(string? value) =>
        (value ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
