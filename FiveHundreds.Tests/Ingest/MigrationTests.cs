using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.Tests.Sdks;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
        var (database, options) = await NewDatabaseAsync();

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

    [Fact]
    public async Task Two_replicas_starting_on_a_new_database_at_once_both_migrate_it_without_colliding()
    {
        var database = "migrations_" + Guid.NewGuid().ToString("N")[..8];
        var replicas = Enumerable.Range(0, 2).Select(_ => new ServiceCollection()
            .AddLogging()
            .AddDbContext<FiveHundredsDbContext>(options => options
                .UseNpgsql(ingest.Postgres.ConnectionString(database))
                .UseSnakeCaseNamingConvention())
            .BuildServiceProvider()).ToList();
        try
        {
            await Task.WhenAll(replicas.Select(services =>
                new MigrationService(services, services.GetRequiredService<ILogger<MigrationService>>()).StartAsync(CancellationToken.None)));

            await using var scope = replicas[0].CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FiveHundredsDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        finally
        {
            foreach (var services in replicas)
            {
                await services.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Tokens_and_projects_from_before_scopes_keep_working_with_the_scope_they_had_in_effect()
    {
        var (_, options) = await NewDatabaseAsync();
        await using var db = new FiveHundredsDbContext(options);
        await db.GetService<IMigrator>().MigrateAsync("20261128024932_SentryPublicKey");
        var (everything, limited, project) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO projects (id, name, slug, key_hash, key_prefix, sentry_key, created_at)
            VALUES ({project}, 'Shop', 'shop', {new byte[] { 1 }}, 'fhk_1', {new string('a', 32)}, now())
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO api_tokens (id, name, token_hash, prefix, project_ids, created_at) VALUES
                ({everything}, 'all', {new byte[] { 2 }}, 'fht_1', {Array.Empty<Guid>()}, now()),
                ({limited}, 'ci', {new byte[] { 3 }}, 'fht_2', {new[] { project }}, now())
            """);

        await db.Database.MigrateAsync();

        var tokens = await db.ApiTokens.AsNoTracking().ToDictionaryAsync(t => t.Id);
        Assert.Equal((TokenScope.Admin, true), (tokens[everything].Scope, tokens[everything].AllProjects));
        Assert.Equal((TokenScope.Triage, false, project), (tokens[limited].Scope, tokens[limited].AllProjects, Assert.Single(tokens[limited].ProjectIds)));
        var migrated = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == project);
        Assert.Equal((true, 0), (migrated.StoreIpAddresses, migrated.ScrubNames.Length));
    }

    [Fact]
    public async Task Partitioning_a_populated_database_keeps_every_event_in_its_day_and_every_key_unique()
    {
        var (database, options) = await NewDatabaseAsync();
        await using var db = new FiveHundredsDbContext(options);
        await db.GetService<IMigrator>().MigrateAsync("20261201150238_ProjectAllowedOrigins");
        var (project, issue) = (Guid.NewGuid(), Guid.NewGuid());
        var days = new[] { 200, 3, 0 }.Select(d => new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-d).AddHours(12)).ToArray();
        var exception = """{"values": []}""";
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO projects (id, name, slug, key_hash, key_prefix, sentry_key, created_at)
            VALUES ({project}, 'Shop', 'shop', {new byte[] { 1 }}, 'fhk_1', {new string('a', 32)}, now());
            INSERT INTO issues (id, project_id, fingerprint, title, level, status, event_count, first_seen, last_seen, regressed, search_text)
            VALUES ({issue}, {project}, 'f', 'ValueError', 'error', 'unresolved', 30, {days[0]}, {days[2]}, false, 'ValueError');
            INSERT INTO events (id, issue_id, project_id, event_id, occurred_at, received_at, level, exception)
            SELECT gen_random_uuid(), {issue}, {project}, gen_random_uuid(), d.at, d.at, 'error', {exception}::jsonb
            FROM unnest({days}) AS d(at), generate_series(1, 10);
            INSERT INTO issue_hourly_counts (issue_id, hour, count)
            SELECT issue_id, date_trunc('hour', occurred_at), count(*) FROM events GROUP BY 1, 2;
            """);
        var before = await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM events ORDER BY id").ToListAsync();

        await db.Database.MigrateAsync();

        Assert.Equal(before, await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM events ORDER BY id").ToListAsync());
        Assert.Equal("p", await db.Database.SqlQuery<string>($"SELECT relkind::text AS \"Value\" FROM pg_class WHERE relname = 'events'").SingleAsync());
        var partitionOfEach = await db.Database.SqlQuery<string>($"""
            SELECT DISTINCT tableoid::regclass::text || ' ' || to_char(received_at AT TIME ZONE 'UTC', 'YYYYMMDD') AS "Value" FROM events
            """).ToListAsync();
        Assert.Equal(3, partitionOfEach.Count);
        Assert.All(partitionOfEach, p => Assert.Equal(p.Split(' ')[0], "events_p" + p.Split(' ')[1]));
        Assert.Equal(30, await db.EventKeys.CountAsync(k => k.ProjectId == project && k.IssueId == issue));
        Assert.Equal(30L, await db.IssueDailyCounts.Where(c => c.IssueId == issue).SumAsync(c => c.Count));
        var storage = await db.ProjectStorage.SingleAsync(s => s.ProjectId == project);
        var storageDays = await db.ProjectStorageDays.Where(d => d.ProjectId == project).ToListAsync();
        Assert.Equal((30L, (DateTimeOffset?)days[0]), (storage.Events, storage.OldestEventAt));
        Assert.Equal((3, 30L, storage.Bytes), (storageDays.Count, storageDays.Sum(d => d.Events), storageDays.Sum(d => d.Bytes)));
        var retried = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO event_keys (project_id, event_id, issue_id, received_at)
            SELECT project_id, event_id, issue_id, now() FROM events ON CONFLICT DO NOTHING
            """);
        Assert.Equal(0, retried);
        Assert.Contains(await SchemaAsync(database), line => line.StartsWith("index ix_events_project_id_received_at"));
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

    // A new, empty database on the ingest's server, and the context options that reach it.
    private async Task<(string Name, DbContextOptions<FiveHundredsDbContext> Options)> NewDatabaseAsync()
    {
        var database = "migrations_" + Guid.NewGuid().ToString("N")[..8];
        await ingest.Postgres.CreateDatabaseAsync(database);
        return (database, new DbContextOptionsBuilder<FiveHundredsDbContext>()
            .UseNpgsql(ingest.Postgres.ConnectionString(database))
            .UseSnakeCaseNamingConvention()
            .Options);
    }
}
