using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.Tests.Sdks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FiveHundreds.Tests.Ingest;

[Collection(IngestCollection.Name)]
public sealed class MigrationTests(IngestFixture ingest)
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_a_second_apply_changes_nothing()
    {
        var database = "migrations_" + Guid.NewGuid().ToString("N")[..8];
        await ingest.Postgres.CreateDatabaseAsync(database);
        var options = new DbContextOptionsBuilder<FiveHundredsDbContext>()
            .UseNpgsql(ingest.Postgres.ConnectionString(database))
            .UseSnakeCaseNamingConvention()
            .Options;

        await using (var db = new FiveHundredsDbContext(options))
        {
            Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
            await db.Database.MigrateAsync();
        }
        var schemaAfterFirst = await SchemaAsync(database);

        await using (var db = new FiveHundredsDbContext(options))
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            await db.Database.MigrateAsync();
        }

        Assert.Equal(schemaAfterFirst, await SchemaAsync(database));
        foreach (var table in new[] { "projects", "issues", "events", "tickets", "api_tokens", "project_daily_stats", "issue_hourly_counts" })
        {
            Assert.Contains(schemaAfterFirst, line => line.StartsWith(table + "."));
        }
        Assert.Contains(schemaAfterFirst, line => line.Contains("ix_issues_search_text") && line.Contains("gin_trgm_ops"));
    }

    [Fact]
    public async Task The_first_migration_of_a_new_database_logs_no_error()
    {
        var database = "migrations_" + Guid.NewGuid().ToString("N")[..8];
        var log = new DotnetSdkLogSink();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Debug))
            .AddDbContext<FiveHundredsDbContext>(options => options
                .UseNpgsql(ingest.Postgres.ConnectionString(database))
                .UseSnakeCaseNamingConvention())
            .BuildServiceProvider();
        await using (services)
        {
            await new MigrationService(services, services.GetRequiredService<ILogger<MigrationService>>()).StartAsync(CancellationToken.None);
        }

        Assert.Contains(log.Entries, entry => entry.Message == "Database schema is up to date.");
        Assert.DoesNotContain(log.Entries, entry => entry.Level >= LogLevel.Warning);
    }

    // Every column and index of the public schema, one line each, in a fixed order.
    private async Task<List<string>> SchemaAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ingest.Postgres.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            ORDER BY 1
            """, connection);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return lines;
    }
}
