using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

internal sealed class IssueActivityEntityTypeConfiguration : IEntityTypeConfiguration<IssueActivity>
{
    public void Configure(EntityTypeBuilder<IssueActivity> builder)
    {
        builder.ToTable("issue_activities", t =>
        {
            t.HasCheckConstraint("ck_issue_activities_kind", WordConstraints.OneOf<IssueActivityKind>("kind"));
            t.HasCheckConstraint("ck_issue_activities_comment_body", "(kind = 'comment') = (body IS NOT NULL)");
            t.HasCheckConstraint("ck_issue_activities_assignee", "(kind = 'assigned') = (assignee_name IS NOT NULL)");
        });
        builder.HasOne<Issue>().WithMany().HasForeignKey(a => a.IssueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(a => a.Kind).HasConversion<SnakeCaseEnumConverter<IssueActivityKind>>();
        builder.Property(a => a.ActorName).HasMaxLength(FieldLimits.ActorName);
        builder.Property(a => a.ViaToken).HasMaxLength(FieldLimits.TokenName);
        builder.Property(a => a.Body).HasMaxLength(FieldLimits.CommentBody);
        builder.Property(a => a.AssigneeName).HasMaxLength(FieldLimits.PersonName);
        // An issue's log, newest first, keyset-paged.
        builder.HasIndex(a => new { a.IssueId, a.OccurredAt, a.Id }).IsDescending(false, true, true);
    }
}
