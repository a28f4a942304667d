using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveHundreds.Ingest.Infrastructure.EntityConfigurations;

internal sealed class UserEntityTypeConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users", t => t.HasCheckConstraint("ck_users_role", WordConstraints.OneOf<MemberRole>("role")));
        builder.Property(u => u.DisplayName).HasMaxLength(FieldLimits.PersonName);
        builder.Property(u => u.Role).HasConversion<SnakeCaseEnumConverter<MemberRole>>();
        // One person per address, so that signing in by email finds one account. The bootstrap owner has none.
        builder.HasIndex(u => u.NormalizedEmail).IsUnique();
    }
}

internal sealed class UserSessionEntityTypeConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("user_sessions");
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.HasIndex(s => s.UserId);
        builder.Property(s => s.Prefix).HasMaxLength(16);
        builder.Property(s => s.ClientAddress).HasMaxLength(64);
        builder.Property(s => s.UserAgent).HasMaxLength(FieldLimits.UserAgent);
    }
}

internal sealed class InviteEntityTypeConfiguration : IEntityTypeConfiguration<Invite>
{
    public void Configure(EntityTypeBuilder<Invite> builder)
    {
        builder.ToTable("invites");
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.Property(i => i.Email).HasMaxLength(FieldLimits.Email);
        builder.Property(i => i.Role).HasConversion<SnakeCaseEnumConverter<MemberRole>>();
        builder.HasOne<User>().WithMany().HasForeignKey(i => i.InvitedBy).OnDelete(DeleteBehavior.SetNull);
    }
}

// Identity's own tables, under plain names beside ours.
internal sealed class UserLoginEntityTypeConfiguration : IEntityTypeConfiguration<IdentityUserLogin<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> builder) => builder.ToTable("user_logins");
}

internal sealed class UserClaimEntityTypeConfiguration : IEntityTypeConfiguration<IdentityUserClaim<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> builder) => builder.ToTable("user_claims");
}

internal sealed class UserTokenEntityTypeConfiguration : IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> builder) => builder.ToTable("user_tokens");
}

internal sealed class DashboardKeyEntityTypeConfiguration : IEntityTypeConfiguration<DashboardKey>
{
    // The dashboard's DashboardKeyRing names this table and its columns.
    public void Configure(EntityTypeBuilder<DashboardKey> builder) => builder.ToTable("dashboard_data_protection_keys");
}
