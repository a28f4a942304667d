using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace FiveHundreds.Ingest.Infrastructure;

// Applies the EF Core migrations before the ingest takes traffic: hosted services start before the server
// listens. Applying them again changes nothing, so every replica runs it; replicas that start together take turns
// under an advisory lock, since two migrators applying one migration at once collide (a column that already exists).
public sealed class MigrationService(IServiceProvider services, ILogger<MigrationService> logger) : IHostedService
{
    // Any fixed number, the same in every replica.
    private const long MigrationLockKey = 5_000_170_003;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveHundredsDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            // Npgsql's migrator reads the history table before creating it and logs the "does not exist" it expects
            // as an error; creating the database and the table first, as the migrator would, keeps a first start
            // free of false alarms.
            var creator = db.GetService<IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync(cancellationToken))
            {
                try
                {
                    await creator.CreateAsync(cancellationToken);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
                {
                    // Another replica created it a moment ago.
                }
            }
            // The migrations run on this connection, which holds the lock until it is released or the connection ends.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
                await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
        logger.LogInformation("Database schema is up to date.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
