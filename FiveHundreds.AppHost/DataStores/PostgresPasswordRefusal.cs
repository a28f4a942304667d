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
        // Resources waiting for the database see it fail and stop waiting.
        await services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(server, state => state with
        {
            State = KnownResourceStates.FailedToStart,
        });
        services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
    }
}
