using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Answers;

/// <summary>
/// One field of an exercise or quiz as the patient last saved it, keyed to stable ids (enrollment, block, field) so a new
/// release never orphans it. The release number and the text the patient saw are kept beside it, so an answer to a
/// block a later release removed or reworded still reads as it was written.
/// </summary>
public sealed class Answer
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string ModuleId { get; set; }
    public required string BlockId { get; init; }
    public required string FieldId { get; init; }
    public string Value { get; set; } = "";
    public int Release { get; set; }

    /// <summary>
    /// The highest autosave sequence number stored for this field (0: none yet). The page script numbers every save, so a
    /// slow request that lands after a newer one is recognised as older and cannot overwrite the newer text.
    /// </summary>
    public long Sequence { get; set; }

    /// <summary>The question as shown (block title, prompt and field label in the patient's language).</summary>
    public string SeenText { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A submitted, scored questionnaire: what the therapist's triage reads (bands, alerts, traffic light).</summary>
public sealed class QuestionnaireResult
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string ModuleId { get; init; }
    public required string BlockId { get; init; }
    public required string QuestionnaireId { get; init; }
    public int Release { get; init; }

    /// <summary>The form's one-time id: a form posted twice is stored once.</summary>
    public required Guid SubmissionId { get; init; }

    public required string AnswersJson { get; init; }
    public int Total { get; init; }
    public int MaxTotal { get; init; }
    public string? Band { get; init; }
    public string? BandLabelJson { get; init; }
    public string AlertsJson { get; init; } = "[]";
    public string? TrafficLight { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }

    /// <summary>
    /// Answered outside a module page (ModuleId and BlockId empty): the due occurrence it answered
    /// (Schedules/QuestionnairePlan keys), or <see cref="OwnInitiative"/> for a follow-up check-in sent with "Send inn nå".
    /// Null for answers on a module page.
    /// </summary>
    public string? Occurrence { get; init; }

    public const string OwnInitiative = "own-initiative";
}

internal sealed class AnswerConfiguration : IEntityTypeConfiguration<Answer>
{
    public void Configure(EntityTypeBuilder<Answer> builder)
    {
        builder.ToTable("Answers");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ModuleId).HasMaxLength(64);
        builder.Property(a => a.BlockId).HasMaxLength(64);
        builder.Property(a => a.FieldId).HasMaxLength(64);
        // Checked on every update: on PostgreSQL (no writer gate) two saves of one field cannot both pass the
        // "is this newer" test and then overwrite each other.
        builder.Property(a => a.Sequence).IsConcurrencyToken();
        builder.HasIndex(a => new { a.EnrollmentId, a.BlockId, a.FieldId }).IsUnique();
    }
}

internal sealed class QuestionnaireResultConfiguration : IEntityTypeConfiguration<QuestionnaireResult>
{
    public void Configure(EntityTypeBuilder<QuestionnaireResult> builder)
    {
        builder.ToTable("QuestionnaireResults");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.ModuleId).HasMaxLength(64);
        builder.Property(r => r.BlockId).HasMaxLength(64);
        builder.Property(r => r.QuestionnaireId).HasMaxLength(64);
        builder.Property(r => r.Band).HasMaxLength(16);
        builder.Property(r => r.TrafficLight).HasMaxLength(16);
        builder.Property(r => r.Occurrence).HasMaxLength(200);
        builder.HasIndex(r => new { r.EnrollmentId, r.SubmissionId }).IsUnique();
        builder.HasIndex(r => new { r.EnrollmentId, r.BlockId });
    }
}
