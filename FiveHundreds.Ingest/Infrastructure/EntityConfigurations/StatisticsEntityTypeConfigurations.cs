using FiveHundreds.Ingest.Infrastructure.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

internal sealed class ProjectDailyStatEntityTypeConfiguration : IEntityTypeConfiguration<ProjectDailyStat>
{
    public void Configure(EntityTypeBuilder<ProjectDailyStat> builder)
    {
        builder.ToTable("project_daily_stats");
        builder.HasKey(s => new { s.ProjectId, s.Day });
        builder.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectDailyDropEntityTypeConfiguration : IEntityTypeConfiguration<ProjectDailyDrop>
{
    public void Configure(EntityTypeBuilder<ProjectDailyDrop> builder)
    {
        builder.ToTable("project_daily_drops");
        builder.HasKey(d => new { d.ProjectId, d.Day, d.Reason });
        builder.Property(d => d.Reason).HasMaxLength(32);
        builder.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectStorageEntityTypeConfiguration : IEntityTypeConfiguration<ProjectStorage>
{
    public void Configure(EntityTypeBuilder<ProjectStorage> builder)
    {
        builder.ToTable("project_storage");
        builder.HasKey(s => s.ProjectId);
        builder.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectStorageDayEntityTypeConfiguration : IEntityTypeConfiguration<ProjectStorageDay>
{
    public void Configure(EntityTypeBuilder<ProjectStorageDay> builder)
    {
        builder.ToTable("project_storage_days");
        builder.HasKey(s => new { s.ProjectId, s.Day });
        builder.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IssueHourlyCountEntityTypeConfiguration : IEntityTypeConfiguration<IssueHourlyCount>
{
    public void Configure(EntityTypeBuilder<IssueHourlyCount> builder)
    {
        builder.ToTable("issue_hourly_counts");
        builder.HasKey(c => new { c.IssueId, c.Hour });
        builder.HasOne<Issue>().WithMany().HasForeignKey(c => c.IssueId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IssueDailyCountEntityTypeConfiguration : IEntityTypeConfiguration<IssueDailyCount>
{
    public void Configure(EntityTypeBuilder<IssueDailyCount> builder)
    {
        builder.ToTable("issue_daily_counts");
        builder.HasKey(c => new { c.IssueId, c.Day });
        builder.HasOne<Issue>().WithMany().HasForeignKey(c => c.IssueId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectReleaseEntityTypeConfiguration : IEntityTypeConfiguration<ProjectRelease>
{
    public void Configure(EntityTypeBuilder<ProjectRelease> builder)
    {
        builder.ToTable("project_releases");
        builder.HasKey(r => new { r.ProjectId, r.Version });
        builder.Property(r => r.Version).HasMaxLength(FieldLimits.EventRelease);
        builder.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
