using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FiveHundreds.AppHost.DataStores;

// A kept PostgreSQL data folder keeps the password initdb gave it. When the AppHost's postgres-password no longer
// matches (user secrets reset, data kept), every health check fails alike and ingest, web and mcp would wait for
// ever; instead the start stops at the first refusal and says which command fixes it.
internal static class PostgresPasswordRefusal
{
    public static bool IsRefusal(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.InvalidPassword };

    public static string Explain(string dataDirectory, string appHostDirectory) =>
        $"PostgreSQL refused the AppHost's postgres-password: its data folder {dataDirectory} was created with " +
        "another password (the AppHost's user secrets were reset or replaced, the data was kept). Nothing can start " +
        $"until they match. To start again with an empty database, delete the data folder: rm -rf '{dataDirectory}' " +
        "(or put the old password back: dotnet user-secrets set Parameters:postgres-password '<old password>' " +
        $"--project '{appHostDirectory}').";

    public static async Task StopTheStartAsync(
        IServiceProvider services, LocalPostgresServerResource server, string dataDirectory, string appHostDirectory)
    {
        if (!services.GetRequiredService<DataStoreStartFailure>().TryRecord())
        {
            return;
        }
        var message = Explain(dataDirectory, appHostDirectory);
        services.GetRequiredService<ResourceLoggerService>().GetLogger(server).LogError("{Reason}", message);
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PostgresPasswordRefusal)).LogCritical("{Reason}", message);
        // The databases on this server fail with it, and the AppHost stops: nothing waits for them for ever.
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var databases = services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<LocalPostgresDatabaseResource>().Where(database => database.Parent == server);
        foreach (var resource in databases.Prepend<IResource>(server))
        {
            await notifications.PublishUpdateAsync(resource, state => state with { State = KnownResourceStates.FailedToStart });
        }
        services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
    }
}
