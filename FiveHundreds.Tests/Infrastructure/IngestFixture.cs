using System.Net.Http.Json;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace FiveHundreds.Tests.Infrastructure;

// FiveHundreds.Ingest started in-process against its own real PostgreSQL and Redis servers, which tests
// may stop and restart. Faster than the whole stack, and the only way to pull the database from under it.
public class IngestFixture : IAsyncLifetime
{
    public const string DatabaseName = "fivehundreds";

    private readonly string _root = ServerDataDirectory.Create("fivehundreds-ingest-");

    public PostgresServer Postgres { get; }
    public RedisServer Redis { get; } = new();
    public WebApplicationFactory<IntakeService> Factory { get; private set; } = null!;
    public string AdminToken { get; } = "admin-" + Guid.NewGuid().ToString("N");

    // Fewer than the default, so that the lockout test waits through fewer throttle delays.
    public const int MaxFailedSignIns = 3;

    // The first owner "admin"'s password.
    public string AdminPassword { get; } = "owner-" + Guid.NewGuid().ToString("N");

    public IngestFixture() => Postgres = new PostgresServer(Path.Combine(_root, "postgres"));

    public virtual async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.StartAsync(), Redis.StartAsync());
        Factory = StartIngest();
    }

    // Settings a fixture adds to (or overrides in) every ingest it starts.
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings => [];

    // Another ingest may be started on the same servers, as a second replica.
    public WebApplicationFactory<IntakeService> StartIngest()
    {
        var factory = new WebApplicationFactory<IntakeService>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:" + DatabaseName, Postgres.ConnectionString(DatabaseName))
                .UseSetting("ConnectionStrings:cache", Redis.ConnectionString)
                .UseSetting("Auth:AdminToken", AdminToken)
                .UseSetting("Auth:AdminPassword", AdminPassword)
                .UseSetting("Auth:MaxFailedSignIns", MaxFailedSignIns.ToString())
                .UseSetting("Dashboard:BaseUrl", "https://dashboard.test")
                .UseSetting("Intake:DefaultRateLimitPerMinute", "100000")
                .UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (name, value) in ExtraSettings)
            {
                web.UseSetting(name, value);
            }
        });
        // The first client starts the host, which migrates the (new) database before serving.
        using var _ = factory.CreateClient();
        return factory;
    }

    public HttpClient CreateClient() => Factory.CreateClient();

    public TriageApiClient CreateTriageClient(string? token = null)
    {
        var handler = new FiveHundreds.TriageApi.Client.BearerTokenHandler(() => token ?? AdminToken) { InnerHandler = Factory.Server.CreateHandler() };
        return new TriageApiClient(new HttpClient(handler) { BaseAddress = Factory.Server.BaseAddress });
    }

    public Task<ProjectKeyDto> CreateProjectAsync(int? rateLimitPerMinute = null) =>
        CreateTriageClient().CreateProjectAsync(new CreateProjectRequest("Project " + Guid.NewGuid().ToString("N")[..8], rateLimitPerMinute));

    public async Task<HttpResponseMessage> PostEventAsync(string? key, HttpContent content)
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Monolynx-Key", key);
        }
        return await client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostEventAsync(string? key, string json) =>
        PostEventAsync(key, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public async Task<EventAcceptedDto> SendEventAsync(string key, string json)
    {
        using var response = await PostEventAsync(key, json);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<EventAcceptedDto>(TriageJson.Options))!;
    }

    // One event in a Sentry envelope, posted as browsers send it (text/plain, the key in the query string).
    public async Task SendSentryEventAsync(string dsn, string sentryEvent)
    {
        var (key, number) = FiveHundreds.Tests.Sentry.TestDsn.Parts(dsn);
        using var client = CreateClient();
        var envelope = $"{{}}\n{{\"type\":\"event\"}}\n{sentryEvent.ReplaceLineEndings("")}\n";
        using var response = await client.PostAsync($"/api/{number}/envelope/?sentry_key={key}",
            new StringContent(envelope, System.Text.Encoding.UTF8, "text/plain"));
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<T?> QueryScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString(DatabaseName));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public virtual async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
        TempDirectory.Delete(_root);
    }
}

// Faults (stopping Redis or PostgreSQL) get servers of their own, so they cannot disturb other tests.
public sealed class IngestFaultFixture : IngestFixture;

[CollectionDefinition(Name)]
public sealed class IngestCollection : ICollectionFixture<IngestFixture>
{
    public const string Name = "Ingest";
}

[CollectionDefinition(Name)]
public sealed class IngestFaultCollection : ICollectionFixture<IngestFaultFixture>
{
    public const string Name = "IngestFaults";
}
