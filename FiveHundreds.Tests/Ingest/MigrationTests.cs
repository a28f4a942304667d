using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
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
