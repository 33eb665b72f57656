using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.CareTeams;

/// <summary>
/// A short clinical note by a member of the care team. Seen by the care team; part of the patient's record, so it is in
/// the patient's own data export. Never edited: a correction is a new note.
/// </summary>
public sealed class ClinicalNote
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string StaffUserId { get; init; }
    public required string StaffName { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset At { get; init; }

    public const int MaxLength = 2000;
}

/// <summary>The therapist's feedback on a module's homework (its exercises and questionnaires), shown to the patient.</summary>
public sealed class HomeworkFeedback
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string ModuleId { get; init; }
    public required string StaffUserId { get; init; }
    public required string StaffName { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset At { get; init; }

    public const int MaxLength = 4000;
}

internal sealed class ClinicalNoteConfiguration : IEntityTypeConfiguration<ClinicalNote>
{
    public void Configure(EntityTypeBuilder<ClinicalNote> builder)
    {
        builder.ToTable("ClinicalNotes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.StaffUserId).HasMaxLength(450);
        builder.Property(n => n.StaffName).HasMaxLength(200);
        builder.Property(n => n.Text).HasMaxLength(ClinicalNote.MaxLength);
        builder.HasIndex(n => n.EnrollmentId);
    }
}

internal sealed class HomeworkFeedbackConfiguration : IEntityTypeConfiguration<HomeworkFeedback>
{
    public void Configure(EntityTypeBuilder<HomeworkFeedback> builder)
    {
        builder.ToTable("HomeworkFeedback");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.ModuleId).HasMaxLength(64);
        builder.Property(f => f.StaffUserId).HasMaxLength(450);
        builder.Property(f => f.StaffName).HasMaxLength(200);
        builder.Property(f => f.Text).HasMaxLength(HomeworkFeedback.MaxLength);
        builder.HasIndex(f => new { f.EnrollmentId, f.ModuleId });
    }
}
