using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Platform.StaffAdmin;

/// <summary>
/// A one-time link that lets an invited member of staff (or the first administrator, from the command line) choose a
/// password. Only a SHA-256 hash of the code is stored, as for patient invitations: someone who reads the database (or a
/// backup) cannot use an open link. Valid for <see cref="StaffLifecycle.InvitationLifetime"/>; using it stamps
/// <see cref="UsedAt"/>, and a newer link for the same person replaces older ones.
/// </summary>
public sealed class StaffInvitation
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string UserId { get; init; }
    public required string CodeHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class StaffInvitationConfiguration : IEntityTypeConfiguration<StaffInvitation>
{
    public void Configure(EntityTypeBuilder<StaffInvitation> builder)
    {
        builder.ToTable("StaffInvitations");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.UserId).HasMaxLength(450);
        builder.Property(i => i.CodeHash).HasMaxLength(64);
        builder.HasIndex(i => i.CodeHash).IsUnique();
        builder.HasIndex(i => i.UserId);
    }
}
