using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Infrastructure;

// Single sign-on as deployed: a real OpenID Connect provider (OidcProvider), the ingest and two dashboard replicas
// as their own processes on real ports (the browser follows the provider's redirects to them), sharing PostgreSQL
// (where the dashboards keep their one Data Protection key ring) and Redis.
public sealed class SsoFixture : IAsyncLifetime
{
    // Addresses at this domain may join on their own, with the role below; any other needs an invite.
    public const string AllowedDomain = "sso-allowed.test";
    public const MemberRole DefaultRole = MemberRole.Member;
    public const string ProviderName = "Test provider";

    private readonly string _root = ServerDataDirectory.Create("fivehundreds-sso-");
    private readonly List<IAsyncDisposable> _started = [];

    public PostgresServer Postgres { get; }
    public RedisServer Redis { get; } = new();
    public OidcProvider Provider { get; private set; } = null!;
    public ServiceProcess Ingest { get; private set; } = null!;
    public ServiceProcess Web { get; private set; } = null!;
    public ServiceProcess SecondWeb { get; private set; } = null!;

    public string AdminToken { get; } = "admin-" + Guid.NewGuid().ToString("N");
    public string AdminPassword { get; } = "owner-" + Guid.NewGuid().ToString("N");

    public SsoFixture() => Postgres = new PostgresServer(Path.Combine(_root, "postgres"));

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.StartAsync(), Redis.StartAsync());
        Provider = await OidcProvider.StartAsync();
        _started.Add(Provider);
        Ingest = Owned(await StartIngestAsync());
        Web = Owned(await StartWebAsync("web"));
        SecondWeb = Owned(await StartWebAsync("second-web"));
    }

    // Settings both the ingest and the dashboards take from the AppHost's sso-* parameters.
    private Dictionary<string, string> SsoSettings() => new()
    {
        ["Sso__Authority"] = Provider.Issuer.ToString(),
        ["Sso__ClientId"] = OidcProvider.ClientId,
        // The test provider speaks plain http on loopback.
        ["Sso__RequireHttpsMetadata"] = "false",
    };

    private ServiceProcess Owned(ServiceProcess process)
    {
        _started.Add(process);
        return process;
    }

    // Another ingest on the same database, with settings of its own (password sign-in off); the caller stops it.
    public async Task<ServiceProcess> StartIngestAsync(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var environment = SsoSettings();
        environment["ConnectionStrings__fivehundreds"] = Postgres.ConnectionString(IngestFixture.DatabaseName);
        environment["ConnectionStrings__cache"] = Redis.ConnectionString;
        environment["Auth__AdminToken"] = AdminToken;
        environment["Auth__AdminPassword"] = AdminPassword;
        environment["Sso__AllowedDomains"] = AllowedDomain;
        environment["Sso__DefaultRole"] = WireWords.Of(DefaultRole);
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }
        return await ServiceProcess.StartAsync(ServiceProcess.BuiltDll("FiveHundreds.Ingest"), environment);
    }

    private async Task<ServiceProcess> StartWebAsync(string name)
    {
        var environment = SsoSettings();
        // A home of its own, as on another machine: the default key ring in the profile is not shared.
        environment["HOME"] = Directory.CreateDirectory(Path.Combine(_root, name + "-home")).FullName;
        environment["services__ingest__http__0"] = Ingest.Address.ToString();
        environment["ConnectionStrings__fivehundreds"] = Postgres.ConnectionString(IngestFixture.DatabaseName);
        environment["Auth__AdminToken"] = AdminToken;
        environment["Sso__ClientSecret"] = Provider.ClientSecret;
        environment["Sso__DisplayName"] = ProviderName;
        // Development serves the component libraries' static assets straight from the build output.
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var web = await ServiceProcess.StartAsync(ServiceProcess.BuiltDll("FiveHundreds.Web"), environment);
        Provider.RedirectUris[new Uri(web.Address, "/signin-sso").ToString()] = true;
        return web;
    }

    public TriageApiClient CreateTriageClient(string? token = null) =>
        new(new HttpClient(new BearerTokenHandler(() => token ?? AdminToken) { InnerHandler = new HttpClientHandler() }) { BaseAddress = Ingest.Address });

    public async Task DisposeAsync()
    {
        foreach (var started in Enumerable.Reverse(_started))
        {
            await started.DisposeAsync();
        }
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
        TempDirectory.Delete(_root);
    }
}

[CollectionDefinition(Name)]
public sealed class SsoCollection : ICollectionFixture<SsoFixture>
{
    public const string Name = "Sso";
}
