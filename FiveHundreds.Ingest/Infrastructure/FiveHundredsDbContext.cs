using FiveHundreds.Ingest.Infrastructure.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Infrastructure;

public sealed class FiveHundredsDbContext(DbContextOptions<FiveHundredsDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Issue> Issues => Set<Issue>();
    public DbSet<ErrorEvent> Events => Set<ErrorEvent>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ProjectDailyStat> ProjectDailyStats => Set<ProjectDailyStat>();
    public DbSet<IssueHourlyCount> IssueHourlyCounts => Set<IssueHourlyCount>();
    public DbSet<ProjectRelease> ProjectReleases => Set<ProjectRelease>();
    public DbSet<AlertRule> AlertRules => Set<AlertRule>();
    public DbSet<AlertDestination> AlertDestinations => Set<AlertDestination>();
    public DbSet<AlertIntent> AlertIntents => Set<AlertIntent>();
    public DbSet<AlertIssueState> AlertIssueStates => Set<AlertIssueState>();
    public DbSet<AlertDelivery> AlertDeliveries => Set<AlertDelivery>();

    // The Data Protection key ring that encrypts alert destinations, shared by every ingest replica.
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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
