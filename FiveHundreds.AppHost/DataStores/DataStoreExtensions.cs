using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace FiveHundreds.AppHost.DataStores;

// PostgreSQL ("postgres" with database "fivehundreds") and Redis ("cache"), either as Aspire containers or,
// where no container engine runs, as the machine's own server processes under the same names and with the
// same connection strings. Publishing always emits the containers, which is what azd deploys.
public static class DataStoreExtensions
{
    public sealed record DataStores(
        IResourceBuilder<IResourceWithConnectionString> Database,
        IResourceBuilder<IResourceWithConnectionString> Cache);

    public static DataStores AddFiveHundredsDataStores(this IDistributedApplicationBuilder builder, string databaseName)
    {
        var options = builder.Configuration.GetSection(DataStoreOptions.SectionName).Get<DataStoreOptions>() ?? new();
        builder.Services.AddSingleton<DataStoreStartFailure>();
        var postgresPassword = builder.AddParameter("postgres-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);
        var cachePassword = builder.AddParameter("cache-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);

        if (UseContainers(builder, options.Mode))
        {
            var postgres = builder.AddPostgres("postgres", password: postgresPassword);
            if (builder.ExecutionContext.IsRunMode)
            {
                postgres.WithDataVolume();
            }
            var redis = builder.AddRedis("cache", password: cachePassword);
            return new(postgres.AddDatabase(databaseName), redis);
        }

        var dataDirectory = Path.GetFullPath(options.DataDirectory, builder.AppHostDirectory);
        return new(
            builder.AddLocalPostgres("postgres", postgresPassword, Path.Combine(dataDirectory, "postgres")).AddLocalDatabase(databaseName),
            builder.AddLocalRedis("cache", cachePassword, dataDirectory));
    }

    internal static bool UseContainers(IDistributedApplicationBuilder builder, DataStoreMode mode) => mode switch
    {
        _ when builder.ExecutionContext.IsPublishMode => true,
        DataStoreMode.Containers => true,
        DataStoreMode.LocalProcesses => false,
        _ => ContainerRuntimeProbe.EngineIsAvailable(),
    };

    private static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, string dataDirectory)
    {
        var binDirectory = LocalServerBinaries.FindPostgresBinDirectory();
        var postgresProgram = Path.Combine(binDirectory, "postgres");
        // PostgreSQL refuses to run as root; our CI machines run as root, so there it runs as the postgres user.
        var asRoot = Environment.IsPrivilegedProcess;
        var server = new LocalPostgresServerResource(name, asRoot ? "runuser" : "sh", builder.AppHostDirectory, password.Resource);

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            services => new ConnectionStringHealthCheck(server, async (connectionString, ct) =>
            {
                try
                {
                    await ProbePostgresAsync(connectionString, ct);
                }
                catch (Exception ex) when (PostgresPasswordRefusal.IsRefusal(ex))
                {
                    await PostgresPasswordRefusal.StopTheStartAsync(services, server, dataDirectory, builder.AppHostDirectory);
                    throw;
                }
            }), failureStatus: null, tags: null));

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, ct) =>
            await LocalPostgresDataDirectory.EnsureInitializedAsync(binDirectory, dataDirectory, await password.Resource.GetValueAsync(ct), asRoot, ct));

        return builder.AddResource(server)
            .WithEndpoint(name: LocalPostgresServerResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                if (asRoot)
                {
                    context.Args.Add("-u");
                    context.Args.Add("postgres");
                    context.Args.Add("--");
                    context.Args.Add("sh");
                }
                // PostgreSQL writes its whole log (start-up, checkpoints) to stderr, which the Aspire dashboard shows
                // as errors; a shell that becomes postgres sends it to stdout instead, each line still naming its level.
                context.Args.Add("-c");
                context.Args.Add("exec \"$0\" \"$@\" 2>&1");
                context.Args.Add(postgresProgram);
                context.Args.Add("-D");
                context.Args.Add(dataDirectory);
                context.Args.Add("-p");
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-c");
                context.Args.Add("listen_addresses=localhost");
                context.Args.Add("-c");
                context.Args.Add("unix_socket_directories=");
            })
            .WithHealthCheck(healthCheckKey);
    }

    private static IResourceBuilder<LocalPostgresDatabaseResource> AddLocalDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server, string databaseName)
    {
        var builder = server.ApplicationBuilder;
        var database = new LocalPostgresDatabaseResource(databaseName, databaseName, server.Resource);

        var healthCheckKey = $"{databaseName}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new ConnectionStringHealthCheck(database, ProbePostgresAsync), failureStatus: null, tags: null));

        // Like the container integration, the database is created once its server is ready.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (@event, ct) =>
        {
            await CreateDatabaseIfMissingAsync(server.Resource, databaseName, ct);
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(database, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        });

        return builder.AddResource(database)
            .WithInitialState(new() { ResourceType = "PostgresDatabase", State = KnownResourceStates.Waiting, Properties = [] })
            .WithHealthCheck(healthCheckKey);
    }

    private static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, string workingDirectory)
    {
        var redisServer = LocalServerBinaries.FindRedisServer();
        var redis = new LocalRedisResource(name, redisServer, workingDirectory, password.Resource);
        // Folders appear when the server starts, not when the model is built (publishing or inspecting it writes nothing).
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, (_, _) =>
        {
            Directory.CreateDirectory(workingDirectory);
            return Task.CompletedTask;
        });

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new ConnectionStringHealthCheck(redis, ProbeRedisAsync), failureStatus: null, tags: null));

        return builder.AddResource(redis)
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--requirepass");
                context.Args.Add(password.Resource);
                // The cache holds only rate-limit counters: nothing worth writing to disk.
                context.Args.Add("--save");
                context.Args.Add("");
                context.Args.Add("--appendonly");
                context.Args.Add("no");
            })
            .WithHealthCheck(healthCheckKey);
    }

    private static async Task CreateDatabaseIfMissingAsync(LocalPostgresServerResource server, string databaseName, CancellationToken ct)
    {
        var connectionString = await server.ConnectionStringExpression.GetValueAsync(ct);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", databaseName);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            var quotedName = new NpgsqlCommandBuilder().QuoteIdentifier(databaseName);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quotedName}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task ProbePostgresAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(ct);
    }

    private static async Task ProbeRedisAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
        await connection.GetDatabase().PingAsync();
    }

    private sealed class ConnectionStringHealthCheck(IResourceWithConnectionString resource, Func<string, CancellationToken, Task> probe) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken)
                    ?? throw new InvalidOperationException($"{resource.Name} has no connection string yet.");
                await probe(connectionString, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(ex.Message, ex);
            }
        }
    }
}
