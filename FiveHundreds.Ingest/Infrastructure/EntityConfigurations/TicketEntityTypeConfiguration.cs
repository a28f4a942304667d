using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

internal sealed class TicketEntityTypeConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.ToTable("tickets", t => t.HasCheckConstraint("ck_tickets_status", WordConstraints.OneOf<TicketStatus>("status")));
        builder.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.Title).HasMaxLength(FieldLimits.TicketTitle);
        builder.Property(t => t.Status).HasConversion<SnakeCaseEnumConverter<TicketStatus>>();
        // One ticket per issue, enforced by the database as well as by the API.
        builder.HasIndex(t => t.IssueId).IsUnique();
        builder.HasIndex(t => new { t.ProjectId, t.Status, t.UpdatedAt });
    }
}
