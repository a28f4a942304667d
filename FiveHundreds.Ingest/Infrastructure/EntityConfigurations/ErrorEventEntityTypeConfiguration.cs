using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

internal sealed class ErrorEventEntityTypeConfiguration : IEntityTypeConfiguration<ErrorEvent>
{
    public void Configure(EntityTypeBuilder<ErrorEvent> builder)
    {
        builder.ToTable("events");
        builder.HasOne<Issue>().WithMany().HasForeignKey(e => e.IssueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Project>().WithMany().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Level).HasConversion<SnakeCaseEnumConverter<EventLevel>>();
        foreach (var json in new[] { nameof(ErrorEvent.Sdk), nameof(ErrorEvent.Exception), nameof(ErrorEvent.Request),
                     nameof(ErrorEvent.Environment), nameof(ErrorEvent.Tags), nameof(ErrorEvent.Extra) })
        {
            builder.Property(json).HasColumnType("jsonb");
        }

        builder.HasIndex(e => new { e.ProjectId, e.EventId }).IsUnique();
        // An issue's event history, newest first, keyset-paged.
        builder.HasIndex(e => new { e.IssueId, e.OccurredAt, e.Id }).IsDescending(false, true, true);
    }
}
