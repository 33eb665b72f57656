using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.AccessLogs;

/// <summary>
/// A member of staff looked at a patient's data. Norwegian law (pasientjournalloven § 22, the patient's right to know who
/// has accessed their record) requires the log; the patient reads it under "My data". Rows are never updated or deleted
/// by the application, and each patient's rows form a hash chain (<see cref="Hash"/> covers the row and the previous
/// row's hash), so an edited, removed or inserted row is detected by <see cref="AccessLog.VerifyAsync"/>.
/// </summary>
public sealed class AccessLogEntry
{
    public long Id { get; init; }
    public required string PatientId { get; init; }

    /// <summary>1, 2, 3… per patient; unique, so two instances writing at once cannot fork the chain (one retries).</summary>
    public int Sequence { get; init; }

    public required string StaffUserId { get; init; }
    public required string StaffName { get; init; }
    public DateTimeOffset At { get; init; }

    /// <summary>What was looked at: one of <see cref="AccessKinds"/>.</summary>
    public required string What { get; init; }

    /// <summary>The enrollment (program) the data belongs to, when it belongs to one.</summary>
    public Guid? EnrollmentId { get; init; }

    /// <summary>SHA-256 (hex) of the previous hash and this row's fields.</summary>
    public required string Hash { get; init; }
}

/// <summary>What a member of staff looked at; the patient's page words each one in nb or nn.</summary>
public static class AccessKinds
{
    public const string Overview = "overview";
    public const string Answers = "answers";
    public const string Messages = "messages";
    public const string Export = "export";

    /// <summary>Questionnaire responses read by an integration over FHIR with a care-team member's key.</summary>
    public const string Fhir = "fhir";

    /// <summary>A red or yellow caseload reason marked handled, with a note (the note is in the patient view and the data export).</summary>
    public const string AlertHandled = "alert-handled";

    /// <summary>A care-team member added an optional module to the patient's plan, or hid it again.</summary>
    public const string PlanAdded = "plan-added";
    public const string PlanHidden = "plan-hidden";
}

internal sealed class AccessLogEntryConfiguration : IEntityTypeConfiguration<AccessLogEntry>
{
    public void Configure(EntityTypeBuilder<AccessLogEntry> builder)
    {
        builder.ToTable("AccessLog");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.PatientId).HasMaxLength(450);
        builder.Property(a => a.StaffUserId).HasMaxLength(450);
        builder.Property(a => a.StaffName).HasMaxLength(200);
        builder.Property(a => a.What).HasMaxLength(32);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.HasIndex(a => new { a.PatientId, a.Sequence }).IsUnique();
    }
}
