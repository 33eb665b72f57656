using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Analytics;

// Incremental aggregates the indicator queries group over (docs/analytics.md, "How it stays fast"). Every date is an
// integer day (days since 1970-01-01 UTC) stamped on the fact, so "as of the period end" is a comparison with the end
// day on both providers, and a period ending in the past is answered as exactly as one ending today. Each row carries
// the enrollment's program and creation day, so every indicator is a GROUP BY over one narrow table filtered by an index
// on (program, creation day) — no join to enrollments, no scan of the event log. Rows of an enrollment are rebuilt
// whenever anything of it changes (see SummaryBuilder); nothing here is ever shown without suppression.

/// <summary>One row per enrollment: cohort day, first module opened, all modules completed, last activity.</summary>
public sealed class EnrollmentSummary
{
    public required Guid EnrollmentId { get; init; }
    public required string ProgramId { get; init; }

    /// <summary>For distinct-patient counts only; never leaves the server.</summary>
    public string? PatientId { get; init; }

    public int CreatedDay { get; init; }

    /// <summary>Day the first module was opened (started), if any.</summary>
    public int? StartedDay { get; init; }

    /// <summary>Day the last module of the program's current module list was completed, when all are.</summary>
    public int? CompletedDay { get; init; }

    /// <summary>Latest day with a progress event or a module opened or completed (as of now).</summary>
    public int? LastActiveDay { get; init; }
}

/// <summary>One row per enrollment and module opened: funnel, completions per week and time per module.</summary>
public sealed class ModuleSummary
{
    public required Guid EnrollmentId { get; init; }
    public required string ModuleId { get; init; }
    public required string ProgramId { get; init; }
    public int CreatedDay { get; init; }
    public int StartedDay { get; init; }
    public int? CompletedDay { get; init; }

    /// <summary>Whole seconds from opening to completing (medians are taken over these).</summary>
    public long? Seconds { get; init; }
}

/// <summary>
/// One row per enrollment and questionnaire: first and last measurement. <see cref="SecondDay"/> (day of the second
/// measurement) says whether the patient was measured twice by a period end; when the last measurement is after a
/// period's end the first/last pair of that period is read from the results instead (IndicatorQuery).
/// </summary>
public sealed class ScoreSummary
{
    public required Guid EnrollmentId { get; init; }
    public required string QuestionnaireId { get; init; }
    public required string ProgramId { get; init; }
    public int CreatedDay { get; init; }
    public int Measurements { get; init; }
    public int FirstDay { get; init; }
    public int FirstTotal { get; init; }
    public string? FirstLight { get; init; }
    public int? SecondDay { get; init; }
    public int LastTotal { get; init; }
    public string? LastLight { get; init; }
    public int LastDay { get; init; }
}

/// <summary>One row per wait for the care team (opened by a patient message, closed by the next care-team message).</summary>
public sealed class WaitSummary
{
    public required Guid EnrollmentId { get; init; }

    /// <summary>Id of the patient message that opened the wait.</summary>
    public long OpenedBy { get; init; }

    public required string ProgramId { get; init; }
    public int CreatedDay { get; init; }
    public int OpenedDay { get; init; }
    public int? ClosedDay { get; init; }
    public long? Seconds { get; init; }
}

/// <summary>One row per enrollment and day with messages or recorded therapist time.</summary>
public sealed class CareDaySummary
{
    public required Guid EnrollmentId { get; init; }
    public int Day { get; init; }
    public required string ProgramId { get; init; }
    public int CreatedDay { get; init; }
    public int Messages { get; init; }
    public int TimeEntries { get; init; }
    public int Minutes { get; init; }
}

internal sealed class EnrollmentSummaryConfiguration : IEntityTypeConfiguration<EnrollmentSummary>
{
    public void Configure(EntityTypeBuilder<EnrollmentSummary> builder)
    {
        builder.ToTable("AnalyticsEnrollments");
        builder.HasKey(s => s.EnrollmentId);
        builder.Property(s => s.ProgramId).HasMaxLength(64);
        builder.Property(s => s.PatientId).HasMaxLength(450);
        builder.HasIndex(s => new { s.ProgramId, s.CreatedDay });
    }
}

internal sealed class ModuleSummaryConfiguration : IEntityTypeConfiguration<ModuleSummary>
{
    public void Configure(EntityTypeBuilder<ModuleSummary> builder)
    {
        builder.ToTable("AnalyticsModules");
        builder.HasKey(s => new { s.EnrollmentId, s.ModuleId });
        builder.Property(s => s.ModuleId).HasMaxLength(64);
        builder.Property(s => s.ProgramId).HasMaxLength(64);
        builder.HasIndex(s => new { s.ProgramId, s.CreatedDay });
    }
}

internal sealed class ScoreSummaryConfiguration : IEntityTypeConfiguration<ScoreSummary>
{
    public void Configure(EntityTypeBuilder<ScoreSummary> builder)
    {
        builder.ToTable("AnalyticsScores");
        builder.HasKey(s => new { s.EnrollmentId, s.QuestionnaireId });
        builder.Property(s => s.QuestionnaireId).HasMaxLength(64);
        builder.Property(s => s.ProgramId).HasMaxLength(64);
        builder.Property(s => s.FirstLight).HasMaxLength(16);
        builder.Property(s => s.LastLight).HasMaxLength(16);
        builder.HasIndex(s => new { s.ProgramId, s.CreatedDay });
    }
}

internal sealed class WaitSummaryConfiguration : IEntityTypeConfiguration<WaitSummary>
{
    public void Configure(EntityTypeBuilder<WaitSummary> builder)
    {
        builder.ToTable("AnalyticsWaits");
        builder.HasKey(s => new { s.EnrollmentId, s.OpenedBy });
        builder.Property(s => s.ProgramId).HasMaxLength(64);
        builder.HasIndex(s => new { s.ProgramId, s.CreatedDay });
    }
}

internal sealed class CareDaySummaryConfiguration : IEntityTypeConfiguration<CareDaySummary>
{
    public void Configure(EntityTypeBuilder<CareDaySummary> builder)
    {
        builder.ToTable("AnalyticsCareDays");
        builder.HasKey(s => new { s.EnrollmentId, s.Day });
        builder.Property(s => s.ProgramId).HasMaxLength(64);
        builder.HasIndex(s => new { s.ProgramId, s.CreatedDay });
    }
}

/// <summary>
/// A patient active in a whole calendar week (<see cref="Kind"/> 0, Monday-based week number) or month (1, year × 12 +
/// month − 1) within a scope ("program:ID", "org:NAME" or "all", as the indicator pages name them). One row per patient,
/// so "distinct patients active per week" is a count over an index range at every level, with no DISTINCT and no join.
/// Rows are only ever added (the progress log only grows).
/// </summary>
public sealed class ActiveBucket
{
    public required string Scope { get; init; }
    public int Kind { get; init; }
    public int Bucket { get; init; }
    public required string PatientId { get; init; }
}

internal sealed class ActiveBucketConfiguration : IEntityTypeConfiguration<ActiveBucket>
{
    public void Configure(EntityTypeBuilder<ActiveBucket> builder)
    {
        builder.ToTable("AnalyticsActiveBuckets");
        builder.HasKey(b => new { b.Scope, b.Kind, b.Bucket, b.PatientId });
        builder.Property(b => b.Scope).HasMaxLength(100);
        builder.Property(b => b.PatientId).HasMaxLength(450);
    }
}

/// <summary>
/// A per-day counter (<see cref="DayCount"/>): the sum of every enrollment's contributions with this key. An indicator
/// page reads "as of its end E" as the sum over Since ≤ E, grouped by (scope, series, day) — a few thousand rows per
/// program instead of every enrollment. Kept equal to the sum of <see cref="EnrollmentCounts"/> by the aggregator, which
/// adds the difference between an enrollment's old and new contributions whenever it rebuilds its summary rows.
/// </summary>
public sealed class DayCountRow
{
    public required string Scope { get; init; }
    public required string Series { get; init; }
    public int Day { get; init; }
    public int Since { get; init; }
    public int Count { get; init; }
}

/// <summary>
/// A per-day counter as of the end of time: the sum of <see cref="DayCountRow"/> over every Since. A page ending at E
/// reads these (days × series rows) less the few contributions with Since &gt; E — for the presets, which end yesterday,
/// only the newest — instead of summing every (day, since) row.
/// </summary>
public sealed class DayTotalRow
{
    public required string Scope { get; init; }
    public required string Series { get; init; }
    public int Day { get; init; }
    public int Count { get; init; }
}

/// <summary>One enrollment's current contributions to <see cref="DayCountRow"/>, so a rebuild can take the old ones away.</summary>
public sealed class EnrollmentCounts
{
    public required Guid EnrollmentId { get; init; }

    /// <summary><see cref="DayCounters.Serialize"/>d contributions.</summary>
    public required string Counts { get; init; }
}

internal sealed class DayCountRowConfiguration : IEntityTypeConfiguration<DayCountRow>
{
    public void Configure(EntityTypeBuilder<DayCountRow> builder)
    {
        builder.ToTable("AnalyticsDayCounts");
        builder.HasKey(c => new { c.Scope, c.Series, c.Day, c.Since });
        builder.Property(c => c.Scope).HasMaxLength(100);
        builder.Property(c => c.Series).HasMaxLength(100);
        // Covering: "contributions that start after the end" is a short range per scope and series, read from the index only.
        builder.HasIndex(c => new { c.Scope, c.Series, c.Since, c.Day, c.Count });
    }
}

internal sealed class DayTotalRowConfiguration : IEntityTypeConfiguration<DayTotalRow>
{
    public void Configure(EntityTypeBuilder<DayTotalRow> builder)
    {
        builder.ToTable("AnalyticsDayTotals");
        builder.HasKey(c => new { c.Scope, c.Series, c.Day });
        builder.Property(c => c.Scope).HasMaxLength(100);
        builder.Property(c => c.Series).HasMaxLength(100);
    }
}

internal sealed class EnrollmentCountsConfiguration : IEntityTypeConfiguration<EnrollmentCounts>
{
    public void Configure(EntityTypeBuilder<EnrollmentCounts> builder)
    {
        builder.ToTable("AnalyticsEnrollmentCounts");
        builder.HasKey(c => c.EnrollmentId);
    }
}
