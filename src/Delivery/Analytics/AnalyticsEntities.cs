using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// Incremental aggregate of the progress log: one row per enrollment and UTC day with any progress event. Days, weeks
/// and months are plain integers, so "active in a window" and "active per week" are indexed integer queries on both
/// providers (SQLite cannot compare DateTimeOffset in SQL) and never scan the event log.
/// </summary>
public sealed class ActivityDay
{
    public required Guid EnrollmentId { get; init; }
    public required string ProgramId { get; init; }

    /// <summary>For distinct-patient counts without a join to enrollments; never leaves the server.</summary>
    public string? PatientId { get; init; }

    /// <summary>Days since 1970-01-01 (UTC).</summary>
    public int Day { get; init; }

    /// <summary>Monday-based week number since the Monday before 1970-01-01.</summary>
    public int Week { get; init; }

    /// <summary>year × 12 + month − 1.</summary>
    public int Month { get; init; }
}

/// <summary>
/// How far the aggregator has read an append-only table (rows are only ever appended, so an id is enough); rows named
/// "modules:PROGRAM" hold a hash of the program's module list instead.
/// </summary>
public sealed class AnalyticsCursor
{
    public required string Name { get; init; }
    public long LastEventId { get; set; }
}

/// <summary>Indicators frozen at a date (the regional baseline), compared with later periods on the indicator page.</summary>
public sealed class BaselineSnapshot
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public required string Scope { get; init; }
    public DateOnly From { get; init; }
    public DateOnly To { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The suppressed report as shown then (JSON): small cells were never stored.</summary>
    public required string ReportJson { get; init; }
}

/// <summary>
/// Audit log of research and quality-register exports: who exported what to which project, when, with which fields and
/// how many rows, and a hash of the exact file. Append-only: nothing updates or deletes it.
/// </summary>
public sealed class ResearchExportLogEntry
{
    public long Id { get; init; }
    public required string ProjectId { get; init; }
    public required string ExportedBy { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Scope { get; init; }
    public DateOnly From { get; init; }
    public DateOnly To { get; init; }
    public required string Fields { get; init; }
    public int Rows { get; init; }
    public required string Sha256 { get; init; }
}

internal sealed class ActivityDayConfiguration : IEntityTypeConfiguration<ActivityDay>
{
    public void Configure(EntityTypeBuilder<ActivityDay> builder)
    {
        builder.ToTable("AnalyticsActivityDays");
        builder.HasKey(a => new { a.EnrollmentId, a.Day });
        builder.Property(a => a.ProgramId).HasMaxLength(64);
        builder.Property(a => a.PatientId).HasMaxLength(450);
        // Covering: "distinct patients active in a window / per week" reads the index only.
        builder.HasIndex(a => new { a.ProgramId, a.Day, a.PatientId });
    }
}

internal sealed class AnalyticsCursorConfiguration : IEntityTypeConfiguration<AnalyticsCursor>
{
    public void Configure(EntityTypeBuilder<AnalyticsCursor> builder)
    {
        builder.ToTable("AnalyticsCursors");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(100);
    }
}

internal sealed class BaselineSnapshotConfiguration : IEntityTypeConfiguration<BaselineSnapshot>
{
    public void Configure(EntityTypeBuilder<BaselineSnapshot> builder)
    {
        builder.ToTable("AnalyticsBaselines");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Name).HasMaxLength(200);
        builder.Property(b => b.Scope).HasMaxLength(80);
        builder.Property(b => b.CreatedBy).HasMaxLength(450);
        builder.HasIndex(b => b.Scope);
    }
}

internal sealed class ResearchExportLogConfiguration : IEntityTypeConfiguration<ResearchExportLogEntry>
{
    public void Configure(EntityTypeBuilder<ResearchExportLogEntry> builder)
    {
        builder.ToTable("ResearchExportLog");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ProjectId).HasMaxLength(64);
        builder.Property(e => e.ExportedBy).HasMaxLength(450);
        builder.Property(e => e.Scope).HasMaxLength(80);
        builder.Property(e => e.Fields).HasMaxLength(1000);
        builder.Property(e => e.Sha256).HasMaxLength(64);
    }
}
