using FiveHundreds.Ingest.Infrastructure.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

internal sealed class ProjectEntityTypeConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects");
        builder.Property(p => p.Number).UseIdentityAlwaysColumn();
        builder.HasIndex(p => p.Number).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(FieldLimits.ProjectName);
        builder.Property(p => p.Slug).HasMaxLength(FieldLimits.ProjectSlug);
        builder.HasIndex(p => p.Slug).IsUnique();
        builder.HasIndex(p => p.KeyHash).IsUnique();
        builder.Property(p => p.KeyPrefix).HasMaxLength(16);
        builder.Property(p => p.SentryKey).HasMaxLength(32).IsFixedLength();
        builder.HasIndex(p => p.SentryKey).IsUnique();
        // Existing projects keep accepting every page, as before the column existed.
        builder.Property(p => p.AllowedOrigins).HasDefaultValueSql("'{*}'::text[]");
    }
}
