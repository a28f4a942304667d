using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace FiveHundreds.Tests.Infrastructure;

// The whole FiveHundreds stack, started once through Aspire.Hosting.Testing and shared by every test class
// in the "Stack" collection: PostgreSQL and Redis (local processes where no container engine runs),
// ingest, web and mcp, all healthy before the first test runs.
public sealed class StackFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly string _dataDirectory = ServerDataDirectory.Create("fivehundreds-stack-");

    public DistributedApplication App { get; private set; } = null!;

    public string AdminToken { get; } = "test-admin-" + Guid.NewGuid().ToString("N");

    public string AdminPassword { get; } = "pw-" + Guid.NewGuid().ToString("N")[..16];

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        App = await AppHostStack.StartAsync(_dataDirectory, AdminToken, AdminPassword, [],
            builder => builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler()), cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        TempDirectory.Delete(_dataDirectory);
    }

    public HttpClient CreateHttpClient(string resource) => App.CreateHttpClient(resource, "http");

    public Uri GetEndpoint(string resource) => App.GetEndpoint(resource, "http");

    // A triage API client for the given token (the admin token by default), the way Web and Mcp use it.
    public TriageApiClient CreateTriageClient(string? token = null)
    {
        var handler = new BearerTokenHandler(() => token ?? AdminToken) { InnerHandler = new HttpClientHandler() };
        return new TriageApiClient(new HttpClient(handler) { BaseAddress = GetEndpoint("ingest") });
    }

    public Task<ProjectKeyDto> CreateProjectAsync(string? name = null) =>
        CreateTriageClient().CreateProjectAsync(new CreateProjectRequest(name ?? "Project " + Guid.NewGuid().ToString("N")[..8]));

    // Posts an event body (any object serialised as JSON, or a ready JSON string) to the ingest's intake.
    public async Task<HttpResponseMessage> PostEventAsync(string key, object body)
    {
        using var client = CreateHttpClient("ingest");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = body is string json
                ? new StringContent(json, System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(body, options: TriageJson.Options),
        };
        request.Headers.Add("X-Monolynx-Key", key);
        return await client.SendAsync(request);
    }

    public async Task<EventAcceptedDto> SendEventAsync(string key, object body)
    {
        using var response = await PostEventAsync(key, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<EventAcceptedDto>(TriageJson.Options))!;
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "Stack";
}
