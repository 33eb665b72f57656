using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.CareTeams;

/// <summary>
/// Minutes a member of staff spent on one enrollment (reading homework, writing replies), measured from their own actions
/// (Workload/WorkClock) or, in the demo clinic, seeded. Append-only: a correction is a new row holding the difference,
/// dated as the entry it corrects, so every sum (the therapist's week, the analytics indicators, which pick up new rows by
/// id) stays right and the rows are the audit trail. Leaders see only the aggregate (therapist minutes per patient).
/// </summary>
public sealed class StaffTimeEntry
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string StaffUserId { get; init; }

    /// <summary>Negative only on a correction that lowers an entry.</summary>
    public int Minutes { get; init; }

    /// <summary>When the work started (a correction carries its entry's time, so it counts in the same week and day).</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>
    /// The local day (display time zone) the work started, as <see cref="DateOnly.DayNumber"/>: weeks are chosen by it,
    /// because SQLite cannot compare DateTimeOffset in a query. 0 on demo rows.
    /// </summary>
    public int Day { get; init; }

    /// <summary>What was measured (Workload/WorkSources); null for rows written before measuring (demo seeding).</summary>
    public string? Source { get; init; }

    /// <summary>A correction: the entry it corrects.</summary>
    public long? CorrectsEntryId { get; init; }

    /// <summary>When the row was written (for a correction: when it was corrected).</summary>
    public DateTimeOffset? RecordedAt { get; init; }
}

internal sealed class StaffTimeEntryConfiguration : IEntityTypeConfiguration<StaffTimeEntry>
{
    public void Configure(EntityTypeBuilder<StaffTimeEntry> builder)
    {
        builder.ToTable("StaffTimeEntries");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.StaffUserId).HasMaxLength(450);
        builder.Property(t => t.Source).HasMaxLength(16);
        builder.HasIndex(t => t.EnrollmentId);
        builder.HasIndex(t => new { t.StaffUserId, t.Day }); // a therapist's week; the clinic's week per therapist
    }
}
