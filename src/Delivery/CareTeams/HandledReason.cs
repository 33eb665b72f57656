using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.CareTeams;

/// <summary>
/// A red or yellow caseload reason a member of the care team has dealt with, and how ("Ringt pasienten, avtalt time").
/// Keyed by the reason's occurrence (<see cref="ReasonKeys"/>): the same reason is handled once, a new one counts again.
/// Never edited or deleted: it is part of the patient's record and of the care team's audit trail.
/// </summary>
public sealed class HandledReason
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string ReasonKey { get; init; }

    /// <summary>"red" or "yellow": what the row showed when it was handled (the reason itself may no longer be computed).</summary>
    public required string Light { get; init; }

    /// <summary>The reason as the care team read it, in the handler's language, so the history reads as it was.</summary>
    public required string ReasonText { get; init; }

    public required string StaffUserId { get; init; }
    public required string StaffName { get; init; }
    public required string Note { get; init; }
    public DateTimeOffset At { get; init; }

    public const int NoteMaxLength = 500;
}

internal sealed class HandledReasonConfiguration : IEntityTypeConfiguration<HandledReason>
{
    public void Configure(EntityTypeBuilder<HandledReason> builder)
    {
        builder.ToTable("HandledReasons");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.ReasonKey).HasMaxLength(128);
        builder.Property(h => h.Light).HasMaxLength(16);
        builder.Property(h => h.ReasonText).HasMaxLength(1000);
        builder.Property(h => h.StaffUserId).HasMaxLength(450);
        builder.Property(h => h.StaffName).HasMaxLength(200);
        builder.Property(h => h.Note).HasMaxLength(HandledReason.NoteMaxLength);
        // Two colleagues handling the same reason at once: the second is told it is already done.
        builder.HasIndex(h => new { h.EnrollmentId, h.ReasonKey }).IsUnique();
    }
}
