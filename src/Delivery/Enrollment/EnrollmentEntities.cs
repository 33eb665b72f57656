using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Enrollment;

/// <summary>
/// A patient in a program. Guided programs start with staff enrolling and an invitation (PatientId is null until the
/// invitation is accepted); courses start with self sign-up. The enrollment follows the program's latest release.
/// Progress columns are projections of the progress event log, updated in the same transaction as each event.
/// </summary>
public sealed class ProgramEnrollment
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string ProgramId { get; init; }
    public string? PatientId { get; set; }

    /// <summary>The name staff gave when enrolling (shown on the invitation); the patient's own name replaces it.</summary>
    public string InviteeName { get; set; } = "";

    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the patient joined: the start of time-based unlocking.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    public string? LastModuleId { get; set; }
    public string? LastPageId { get; set; }
    public DateTimeOffset? LastActivityAt { get; set; }
    public int CompletedModules { get; set; }
    public int PercentComplete { get; set; }
}

/// <summary>A one-time invitation. Only a SHA-256 hash of the code is stored: a copy of the database opens no enrollment.</summary>
public sealed class Invitation
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required Guid EnrollmentId { get; init; }
    public required string CodeHash { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class ProgramEnrollmentConfiguration : IEntityTypeConfiguration<ProgramEnrollment>
{
    public void Configure(EntityTypeBuilder<ProgramEnrollment> builder)
    {
        builder.ToTable("Enrollments");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ProgramId).HasMaxLength(64);
        builder.Property(e => e.PatientId).HasMaxLength(450);
        builder.Property(e => e.InviteeName).HasMaxLength(200);
        builder.Property(e => e.CreatedBy).HasMaxLength(450);
        builder.Property(e => e.LastModuleId).HasMaxLength(64);
        builder.Property(e => e.LastPageId).HasMaxLength(64);
        builder.HasIndex(e => e.PatientId);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable("Invitations");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.CodeHash).HasMaxLength(64);
        builder.HasIndex(i => i.CodeHash).IsUnique();
        builder.HasIndex(i => i.EnrollmentId);
    }
}
