using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

internal sealed class IssueEntityTypeConfiguration : IEntityTypeConfiguration<Issue>
{
    public void Configure(EntityTypeBuilder<Issue> builder)
    {
        builder.ToTable("issues", t => t.HasCheckConstraint("ck_issues_status", WordConstraints.OneOf<IssueStatus>("status")));
        builder.HasOne<Project>().WithMany().HasForeignKey(i => i.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(i => i.TicketId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(i => i.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(i => i.Fingerprint).HasMaxLength(64);
        builder.Property(i => i.Title).HasMaxLength(FieldLimits.IssueTitle);
        builder.Property(i => i.Culprit).HasMaxLength(FieldLimits.IssueCulprit);
        builder.Property(i => i.Status).HasConversion<SnakeCaseEnumConverter<IssueStatus>>();
        builder.Property(i => i.Level).HasConversion<SnakeCaseEnumConverter<EventLevel>>();
        builder.Property(i => i.FirstRelease).HasMaxLength(FieldLimits.EventRelease);
        builder.Property(i => i.LastRelease).HasMaxLength(FieldLimits.EventRelease);
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

internal sealed class IssueUserEntityTypeConfiguration : IEntityTypeConfiguration<IssueUser>
{
    public void Configure(EntityTypeBuilder<IssueUser> builder)
    {
        builder.ToTable("issue_users");
        builder.HasKey(u => new { u.IssueId, u.UserKey });
        builder.HasOne<Issue>().WithMany().HasForeignKey(u => u.IssueId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(u => u.UserKey).HasMaxLength(FieldLimits.UserKey);
        builder.Property(u => u.UserId).HasMaxLength(FieldLimits.UserKey);
        builder.Property(u => u.Email).HasMaxLength(FieldLimits.UserKey);
        // The search's user.id: and user.email: terms: from the value to the issues it hit.
        builder.HasIndex(u => new { u.UserId, u.IssueId }).HasFilter("user_id IS NOT NULL");
        builder.HasIndex(u => new { u.Email, u.IssueId }).HasFilter("email IS NOT NULL");
    }
}

internal sealed class IssueFacetEntityTypeConfiguration : IEntityTypeConfiguration<IssueFacet>
{
    public void Configure(EntityTypeBuilder<IssueFacet> builder)
    {
        builder.ToTable("issue_facets");
        // The issue page's top values: one issue's rows, read by this key.
        builder.HasKey(f => new { f.IssueId, f.Key, f.Value });
        builder.HasOne<Issue>().WithMany().HasForeignKey(f => f.IssueId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(f => f.Key).HasMaxLength(FieldLimits.FacetKey);
        builder.Property(f => f.Value).HasMaxLength(FieldLimits.FacetValue);
        // The search's release:, environment: and tag terms: from a value to the issues that saw it.
        builder.HasIndex(f => new { f.Key, f.Value, f.IssueId });
    }
}

internal sealed class IssueFingerprintAliasEntityTypeConfiguration : IEntityTypeConfiguration<IssueFingerprintAlias>
{
    public void Configure(EntityTypeBuilder<IssueFingerprintAlias> builder)
    {
        builder.ToTable("issue_fingerprint_aliases");
        builder.HasKey(a => new { a.ProjectId, a.Fingerprint });
        builder.HasOne<Project>().WithMany().HasForeignKey(a => a.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Issue>().WithMany().HasForeignKey(a => a.IssueId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.Fingerprint).HasMaxLength(64);
        builder.HasIndex(a => a.IssueId);
    }
}
