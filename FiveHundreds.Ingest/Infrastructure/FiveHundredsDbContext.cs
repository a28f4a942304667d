using FiveHundreds.Ingest.Infrastructure.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Infrastructure;

public sealed class FiveHundredsDbContext(DbContextOptions<FiveHundredsDbContext> options) : IdentityUserContext<User, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Issue> Issues => Set<Issue>();
    public DbSet<ErrorEvent> Events => Set<ErrorEvent>();
    public DbSet<EventKey> EventKeys => Set<EventKey>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<IssueActivity> IssueActivities => Set<IssueActivity>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ProjectDailyStat> ProjectDailyStats => Set<ProjectDailyStat>();
    public DbSet<ProjectDailyDrop> ProjectDailyDrops => Set<ProjectDailyDrop>();
    public DbSet<ProjectStorage> ProjectStorage => Set<ProjectStorage>();
    public DbSet<ProjectStorageDay> ProjectStorageDays => Set<ProjectStorageDay>();
    public DbSet<IssueHourlyCount> IssueHourlyCounts => Set<IssueHourlyCount>();
    public DbSet<IssueDailyCount> IssueDailyCounts => Set<IssueDailyCount>();
    public DbSet<IssueUser> IssueUsers => Set<IssueUser>();
    public DbSet<IssueFacet> IssueFacets => Set<IssueFacet>();
    public DbSet<IssueFingerprintAlias> IssueFingerprintAliases => Set<IssueFingerprintAlias>();
    public DbSet<ProjectRelease> ProjectReleases => Set<ProjectRelease>();
    public DbSet<AlertRule> AlertRules => Set<AlertRule>();
    public DbSet<AlertDestination> AlertDestinations => Set<AlertDestination>();
    public DbSet<AlertIntent> AlertIntents => Set<AlertIntent>();
    public DbSet<AlertIssueState> AlertIssueStates => Set<AlertIssueState>();
    public DbSet<AlertDelivery> AlertDeliveries => Set<AlertDelivery>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Invite> Invites => Set<Invite>();

    // The Data Protection key ring that encrypts alert destinations, shared by every ingest replica.
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<DashboardKey> DashboardKeys => Set<DashboardKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Trigram indexes make the issue search (ILIKE '%text%') an index scan.
        modelBuilder.HasPostgresExtension("pg_trgm");
        // Identity's model first, so that our configurations (table names) apply on top of it.
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FiveHundredsDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveMaxLength(32);
    }
}
