using Microsoft.Extensions.DependencyInjection;

namespace FiveHundreds.TriageApi.Client;

public static class TriageApiClientRegistration
{
    // The ingest service, which serves the triage API, by its name in the app host: service discovery resolves it.
    public static readonly Uri ServiceAddress = new("https+http://ingest");

    // Registers TriageApiClient as a typed HttpClient whose calls carry the bearer token that tokenSource gives
    // (created once per handler, from the handler's services). baseAddress defaults to ServiceAddress.
    public static IHttpClientBuilder AddTriageApiClient(
        this IServiceCollection services,
        Func<IServiceProvider, Func<string?>> tokenSource,
        Func<IServiceProvider, Uri>? baseAddress = null) =>
        services.AddHttpClient<TriageApiClient>((provider, http) =>
                http.BaseAddress = baseAddress is null ? ServiceAddress : baseAddress(provider))
            .AddHttpMessageHandler(provider => new BearerTokenHandler(tokenSource(provider)));
}
