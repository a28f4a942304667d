using FiveHundreds.Ingest.Infrastructure.Entities;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Infrastructure;

public sealed class FiveHundredsDbContext(DbContextOptions<FiveHundredsDbContext> options) : DbContext(options)
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Issue> Issues => Set<Issue>();
    public DbSet<ErrorEvent> Events => Set<ErrorEvent>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ProjectDailyStat> ProjectDailyStats => Set<ProjectDailyStat>();
    public DbSet<IssueHourlyCount> IssueHourlyCounts => Set<IssueHourlyCount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Trigram indexes make the issue search (ILIKE '%text%') an index scan.
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FiveHundredsDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveMaxLength(32);
    }
}
