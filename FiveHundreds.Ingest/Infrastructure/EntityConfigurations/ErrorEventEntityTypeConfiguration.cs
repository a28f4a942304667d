using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

internal sealed class ErrorEventEntityTypeConfiguration : IEntityTypeConfiguration<ErrorEvent>
{
    public void Configure(EntityTypeBuilder<ErrorEvent> builder)
    {
        // Range-partitioned by received_at in the migration (EF Core has no notion of partitions); a partitioned
        // table's primary key must hold the partition column.
        builder.ToTable("events");
        builder.HasKey(e => new { e.Id, e.ReceivedAt });
        builder.HasOne<Issue>().WithMany().HasForeignKey(e => e.IssueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Project>().WithMany().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Level).HasConversion<SnakeCaseEnumConverter<EventLevel>>();
        foreach (var json in new[] { nameof(ErrorEvent.Sdk), nameof(ErrorEvent.Exception), nameof(ErrorEvent.Request),
                     nameof(ErrorEvent.Environment), nameof(ErrorEvent.Tags), nameof(ErrorEvent.Extra) })
        {
            builder.Property(json).HasColumnType("jsonb");
        }

        // A project's events by arrival: per-project retention deletes and the oldest kept event.
        builder.HasIndex(e => new { e.ProjectId, e.ReceivedAt });
        // An issue's event history, newest first, keyset-paged.
        builder.HasIndex(e => new { e.IssueId, e.OccurredAt, e.Id }).IsDescending(false, true, true);
    }
}

internal sealed class EventKeyEntityTypeConfiguration : IEntityTypeConfiguration<EventKey>
{
    public void Configure(EntityTypeBuilder<EventKey> builder)
    {
        builder.ToTable("event_keys");
        builder.HasKey(k => new { k.ProjectId, k.EventId });
        builder.HasOne<Project>().WithMany().HasForeignKey(k => k.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Issue>().WithMany().HasForeignKey(k => k.IssueId).OnDelete(DeleteBehavior.Cascade);
        // Retention forgets keys by age.
        builder.HasIndex(k => k.ReceivedAt);
    }
}
