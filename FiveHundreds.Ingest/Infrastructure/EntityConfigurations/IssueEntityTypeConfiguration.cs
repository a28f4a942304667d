using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

internal sealed class IssueEntityTypeConfiguration : IEntityTypeConfiguration<Issue>
{
    public void Configure(EntityTypeBuilder<Issue> builder)
    {
        builder.ToTable("issues", t => t.HasCheckConstraint("ck_issues_status", "status IN ('unresolved', 'resolved', 'ignored')"));
        builder.HasOne<Project>().WithMany().HasForeignKey(i => i.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(i => i.TicketId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(i => i.Fingerprint).HasMaxLength(64);
        builder.Property(i => i.Title).HasMaxLength(FieldLimits.IssueTitle);
        builder.Property(i => i.Culprit).HasMaxLength(FieldLimits.IssueCulprit);
        builder.Property(i => i.Status).HasConversion<SnakeCaseEnumConverter<IssueStatus>>();
        builder.Property(i => i.Level).HasConversion<SnakeCaseEnumConverter<EventLevel>>();
        builder.Property(i => i.ResolvedAfterRelease).HasMaxLength(FieldLimits.EventRelease);

        builder.HasIndex(i => new { i.ProjectId, i.Fingerprint }).IsUnique();
        // The dashboard's list: a project's issues by status, newest occurrence first, keyset-paged.
        builder.HasIndex(i => new { i.ProjectId, i.Status, i.LastSeen, i.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(i => new { i.ProjectId, i.LastSeen, i.Id }).IsDescending(false, true, true);
        // The periodic check for ignores that end at a time reads only ignored issues with a time.
        builder.HasIndex(i => i.IgnoreUntil).HasFilter("status = 'ignored' AND ignore_until IS NOT NULL");
        builder.HasIndex(i => i.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
