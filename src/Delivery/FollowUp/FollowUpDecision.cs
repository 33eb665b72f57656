using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.FollowUp;

/// <summary>What the care team decided after reading a follow-up patient's check-ins; the patient sees the newest one.</summary>
public enum FollowUpDecisionKind
{
    /// <summary>"Kalles inn": the patient will be called in to the clinic.</summary>
    CallIn,

    /// <summary>"Fortsetter oppfølging" / "Held fram med oppfølging": check-ins go on as planned.</summary>
    Continue,

    /// <summary>"Avslutter" / "Avsluttar": follow-up ends.</summary>
    End,
}

/// <summary>One decision with an optional note to the patient. Never edited: a new decision replaces it on the patient's page.</summary>
public sealed class FollowUpDecision
{
    public const int MaxNoteLength = 1000;

    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required FollowUpDecisionKind Kind { get; init; }
    public string? Note { get; init; }
    public required string StaffUserId { get; init; }
    public required string StaffName { get; init; }
    public DateTimeOffset At { get; init; }
}

internal sealed class FollowUpDecisionConfiguration : IEntityTypeConfiguration<FollowUpDecision>
{
    public void Configure(EntityTypeBuilder<FollowUpDecision> builder)
    {
        builder.ToTable("FollowUpDecisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Note).HasMaxLength(FollowUpDecision.MaxNoteLength);
        builder.Property(d => d.StaffUserId).HasMaxLength(450);
        builder.Property(d => d.StaffName).HasMaxLength(200);
        builder.HasIndex(d => d.EnrollmentId);
    }
}
