using FiveHundreds.Sdk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// In the DI namespace, like AddHttpClient, so that set-up needs no using.
namespace Microsoft.Extensions.DependencyInjection;

public static class FiveHundredsServiceCollectionExtensions
{
    // Options come from the "FiveHundreds" configuration section (when there is configuration), then from configure.
    public static IServiceCollection AddFiveHundreds(this IServiceCollection services, Action<FiveHundredsOptions>? configure = null)
    {
        services.AddOptions<FiveHundredsOptions>()
            .Configure<IServiceProvider>((options, provider) =>
                provider.GetService<IConfiguration>()?.GetSection(FiveHundredsOptions.SectionName).Bind(options));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddHttpClient(FiveHundredsClient.HttpClientName)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            // The client retries, times out and honours Retry-After itself; a resilience handler added to every
            // client by service defaults would retry each attempt again and could resend during a 429 pause.
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Clear());

        services.TryAddSingleton(provider => new FiveHundredsClient(
            provider.GetRequiredService<IOptions<FiveHundredsOptions>>().Value,
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetService<ILoggerFactory>()?.CreateLogger<FiveHundredsClient>(),
            provider.GetService<IHostEnvironment>()?.ContentRootPath));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FiveHundredsShutdownFlush>());
        return services;
    }
}
