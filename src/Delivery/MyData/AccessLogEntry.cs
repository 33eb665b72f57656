using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.MyData;

/// <summary>
/// A member of staff looked at a patient's data. Norwegian law (pasientjournalloven § 22, the patient's right to know who
/// has accessed their record) requires the log; the patient can read it under "My data". The therapist side writes it.
/// </summary>
public sealed class AccessLogEntry
{
    public long Id { get; init; }
    public required string PatientId { get; init; }
    public required string StaffUserId { get; init; }
    public required string StaffName { get; init; }
    public DateTimeOffset At { get; init; }

    /// <summary>What was looked at, e.g. "answers", "questionnaire results", "messages".</summary>
    public required string What { get; init; }
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
        builder.Property(a => a.What).HasMaxLength(200);
        builder.HasIndex(a => a.PatientId);
    }
}
