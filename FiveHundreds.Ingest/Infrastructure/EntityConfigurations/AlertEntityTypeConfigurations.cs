using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

internal sealed class AlertRuleEntityTypeConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> builder)
    {
        builder.ToTable("alert_rules", t =>
        {
            t.HasCheckConstraint("ck_alert_rules_trigger", WordConstraints.OneOf<AlertTrigger>("trigger"));
            t.HasCheckConstraint("ck_alert_rules_frequency",
                "trigger <> 'frequency' OR (frequency_count > 0 AND frequency_window_minutes > 0)");
            t.HasCheckConstraint("ck_alert_rules_quiet_period", "quiet_period_minutes >= 0");
        });
        builder.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.Trigger).HasConversion<SnakeCaseEnumConverter<AlertTrigger>>();
        builder.Property(r => r.MinimumLevel).HasConversion<SnakeCaseEnumConverter<EventLevel>>();
        builder.Property(r => r.Environment).HasMaxLength(200);
        builder.Property(r => r.TextContains).HasMaxLength(200);
        builder.Property(r => r.QuietPeriodMinutes).HasDefaultValue(30);
        builder.HasIndex(r => r.ProjectId);
    }
}

internal sealed class AlertDestinationEntityTypeConfiguration : IEntityTypeConfiguration<AlertDestination>
{
    public void Configure(EntityTypeBuilder<AlertDestination> builder)
    {
        builder.ToTable("alert_destinations",
            t => t.HasCheckConstraint("ck_alert_destinations_channel", WordConstraints.OneOf<AlertChannel>("channel")));
        builder.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Channel).HasConversion<SnakeCaseEnumConverter<AlertChannel>>();
        builder.Property(d => d.Hint).HasMaxLength(200);
        builder.HasIndex(d => d.ProjectId);
    }
}

internal sealed class AlertIntentEntityTypeConfiguration : IEntityTypeConfiguration<AlertIntent>
{
    public void Configure(EntityTypeBuilder<AlertIntent> builder)
    {
        // No foreign keys: the intake writes intents in its group commit, and a rule deleted meanwhile must not
        // make the events' transaction fail. The dispatcher drops intents whose rule or issue is gone.
        builder.ToTable("alert_intents");
        builder.Property(i => i.Id).UseIdentityAlwaysColumn();
        builder.Property(i => i.Trigger).HasConversion<SnakeCaseEnumConverter<AlertTrigger>>();
        builder.Property(i => i.CreatedAt).HasDefaultValueSql("now()");
    }
}

internal sealed class AlertIssueStateEntityTypeConfiguration : IEntityTypeConfiguration<AlertIssueState>
{
    public void Configure(EntityTypeBuilder<AlertIssueState> builder)
    {
        builder.ToTable("alert_issue_states");
        builder.HasKey(s => new { s.RuleId, s.IssueId });
        builder.HasOne<AlertRule>().WithMany().HasForeignKey(s => s.RuleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Issue>().WithMany().HasForeignKey(s => s.IssueId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlertDeliveryEntityTypeConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> builder)
    {
        builder.ToTable("alert_deliveries", t =>
        {
            t.HasCheckConstraint("ck_alert_deliveries_state", WordConstraints.OneOf<AlertDeliveryState>("state"));
            t.HasCheckConstraint("ck_alert_deliveries_trigger", WordConstraints.OneOf<AlertTrigger>("trigger"));
        });
        builder.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AlertRule>().WithMany().HasForeignKey(d => d.RuleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AlertDestination>().WithMany().HasForeignKey(d => d.DestinationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Issue>().WithMany().HasForeignKey(d => d.IssueId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.Trigger).HasConversion<SnakeCaseEnumConverter<AlertTrigger>>();
        builder.Property(d => d.State).HasConversion<SnakeCaseEnumConverter<AlertDeliveryState>>();
        builder.Property(d => d.LastError).HasMaxLength(1000);
        // The dispatcher's claim: what is due, oldest first; sent and failed deliveries stay out of this index.
        builder.HasIndex(d => d.NextAttemptAt).HasFilter("state IN ('pending', 'retrying')");
        builder.HasIndex(d => new { d.RuleId, d.CreatedAt });
        builder.HasIndex(d => new { d.DestinationId, d.CreatedAt });
        builder.HasIndex(d => d.IssueId);
    }
}
