using FiveHundreds.Ingest.Alerts;
using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.Otlp;
using FiveHundreds.Ingest.Intake.Sentry;
using FiveHundreds.Ingest.Retention;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FiveHundreds.Ingest.Extensions;

public static class Extensions
{
    public const string DatabaseName = "fivehundreds";
    public const string CacheName = "cache";

    // People on ASP.NET Core Identity (its user store in our DbContext; no cookies: the API hands out its own
    // session tokens), with sessions, members and invites.
    private static void AddPeople(this IServiceCollection services)
    {
        services.AddIdentityCore<User>(options =>
            {
                // Length and the common-password list (CommonPasswordValidator), not character classes.
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.User.RequireUniqueEmail = false;
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<FiveHundredsDbContext>()
            .AddPasswordValidator<CommonPasswordValidator>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AuthOptions>>((identity, auth) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = auth.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = auth.Value.LockoutDuration;
        });
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<TeamEmail>();
        services.AddScoped<SessionService>();
        services.AddScoped<MemberService>();
        services.AddScoped<InviteService>();
        services.AddSingleton<SsoTokenValidator>();
        services.AddScoped<SsoSignInService>();
        services.AddHttpClient(nameof(SsoTokenValidator));
    }

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // One data source for EF Core (triage API, migrations) and for the intake's raw group-commit SQL.
        builder.AddNpgsqlDataSource(DatabaseName);
        builder.Services.AddDbContextPool<FiveHundredsDbContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsAssembly(typeof(FiveHundredsDbContext).Assembly.GetName().Name))
            .UseSnakeCaseNamingConvention()
            // The issue list reads a search's whole match set with a bound and no order on purpose (an order would
            // steer PostgreSQL to the list's index); a query that needs an order says so in review, not in the log.
            .ConfigureWarnings(w => w.Log((CoreEventId.RowLimitingOperationWithoutOrderByWarning, LogLevel.Debug))));
        builder.EnrichNpgsqlDbContext<FiveHundredsDbContext>();
        builder.Services.AddHostedService<MigrationService>();
        // After the migrations: hosted services start in the order they are added.
        builder.Services.AddHostedService<OwnerBootstrapService>();
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<EventPartitions>();
        builder.Services.AddSingleton<RetentionPass>();
        builder.Services.AddHostedService<RetentionService>();
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
        builder.Services.AddOptions<StorageGuardOptions>().BindConfiguration(StorageGuardOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StorageGuard>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StorageGuard>());
        builder.Services.AddSingleton<StorageAlerts>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(CacheName).AddCheck<StorageHealthCheck>("storage");

        builder.Services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Kestrel reads up to this much of a connection's request ahead of the app (1 MiB by default). The intake
        // reads a body 16 KiB at a time into memory its budget counts; a megabyte read ahead on each of hundreds of
        // connections would be memory no budget sees.
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBufferSize = 64 * 1024);
        builder.Services.AddOptions<PublicUrlOptions>().BindConfiguration(PublicUrlOptions.SectionName);
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName);
        builder.Services.AddOptions<SsoOptions>().BindConfiguration(SsoOptions.SectionName)
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.ClientId), "Sso:ClientId is required when Sso:Authority is set.")
            .Validate(o => o.Enabled || o.PasswordSignIn, "Sso:PasswordSignIn can be false only when Sso:Authority is set: nobody could sign in.")
            .Validate(o => Enum.IsDefined(o.DefaultRole) && o.DefaultRole != MemberRole.Owner, "Sso:DefaultRole must be viewer, member or admin.")
            .ValidateOnStart();
        builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new SecretScrubber(services.GetRequiredService<IOptions<IntakeOptions>>().Value.ExtraScrubbedNames));
        builder.Services.AddSingleton(services => new EventParser(services.GetRequiredService<IOptions<IntakeOptions>>().Value));
        builder.Services.AddSingleton<EventProcessor>();
        builder.Services.AddSingleton<ProjectKeyResolver>();
        builder.Services.AddSingleton<RedisFailOpen>();
        builder.Services.AddSingleton<RateLimiter>();
        builder.Services.AddSingleton<DailyQuota>();
        builder.Services.AddSingleton<DropCounter>();
        builder.Services.AddSingleton<IntakeRefusals>();
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
        builder.Services.AddScoped<IssueActivityLog>();
        builder.Services.AddScoped<IssueStatusService>();
        builder.Services.AddScoped<IssueMerger>();
        builder.Services.AddScoped<TicketService>();
        builder.Services.AddScoped<ProjectService>();
        builder.Services.AddScoped<TokenService>();
        builder.Services.AddScoped<IssueAssignmentService>();
        builder.Services.AddPeople();

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
