using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.Otlp;
using FiveHundreds.Ingest.Intake.Sentry;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FiveHundreds.Ingest.Extensions;

public static class Extensions
{
    public const string DatabaseName = "fivehundreds";
    public const string CacheName = "cache";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // One data source for EF Core (triage API, migrations) and for the intake's raw group-commit SQL.
        builder.AddNpgsqlDataSource(DatabaseName);
        builder.Services.AddDbContextPool<FiveHundredsDbContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsAssembly(typeof(FiveHundredsDbContext).Assembly.GetName().Name))
            .UseSnakeCaseNamingConvention());
        builder.EnrichNpgsqlDbContext<FiveHundredsDbContext>();
        builder.Services.AddHostedService<MigrationService>();
        builder.Services.AddOptions<SelfReportOptions>().BindConfiguration(SelfReportOptions.SectionName);
        builder.Services.AddHostedService<SelfReportProjectService>();

        builder.AddRedisClient(CacheName,
            settings =>
            {
                settings.DisableHealthChecks = true;
                // The Redis tracing keeps every traced request's Activity until its ten-second flush: with one
                // rate-limit call per event, that held tens of megabytes of finished requests in a burst
                // (eng/benchmark-ingest.sh). The request's own span already covers the call.
                settings.DisableTracing = true;
            },
            options =>
            {
                // Never wait for Redis: a missing cache must not slow or stop intake.
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2000;
                options.AsyncTimeout = 1000;
            });
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(CacheName);

        builder.Services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PublicUrlOptions>().BindConfiguration(PublicUrlOptions.SectionName);
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName);
        builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton(services => new SecretScrubber(services.GetRequiredService<IOptions<IntakeOptions>>().Value.ExtraScrubbedNames));
        builder.Services.AddSingleton(services => new EventParser(services.GetRequiredService<IOptions<IntakeOptions>>().Value));
        builder.Services.AddSingleton<EventProcessor>();
        builder.Services.AddSingleton<ProjectKeyResolver>();
        builder.Services.AddSingleton<RateLimiter>();
        builder.Services.AddSingleton<DropCounter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DropCounter>());
        builder.Services.AddSingleton<IngestTelemetry>();
        builder.Services.AddSingleton<IntakeBudget>();
        builder.Services.AddSingleton<ParseSlots>();
        builder.AddAlerts();
        builder.Services.AddSingleton<EventWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EventWriter>());
        builder.Services.AddOptions<IgnoreExpiryOptions>().BindConfiguration(IgnoreExpiryOptions.SectionName);
        builder.Services.AddSingleton<IgnoreExpiry>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IgnoreExpiry>());
        builder.Services.AddSingleton<IntakeService>();
        builder.Services.AddSingleton<OtlpIntake>();

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<TriageCaller>();
        builder.Services.AddScoped<TriageReader>();
        builder.Services.AddScoped<IssueStatusService>();
        builder.Services.AddScoped<TicketService>();
        builder.Services.AddScoped<ProjectService>();
        builder.Services.AddScoped<TokenService>();

        builder.Services.AddAuthentication(BearerTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenAuthenticationHandler>(BearerTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddTokenScopePolicies();

        builder.Services.ConfigureHttpJsonOptions(options => TriageJson.Configure(options.SerializerOptions));
        builder.Services.AddCors(options => options.AddIntakePolicy());
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi();
    }
}
