using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Progress;

/// <summary>cmi5/xAPI-like verbs of the progress log.</summary>
public static class ProgressVerbs
{
    public const string Viewed = "viewed";
    public const string Answered = "answered";
    public const string Completed = "completed";
    public const string Passed = "passed";
}

/// <summary>One append-only progress statement: never updated, never deleted. Projections are derived from it.</summary>
public sealed class ProgressEvent
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string Verb { get; init; }
    public required string ModuleId { get; init; }

    /// <summary>The page or block the verb is about; null for the module itself.</summary>
    public string? ObjectId { get; init; }

    public int Release { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>Projection: one row per module a patient has started, for fast module lists.</summary>
public sealed class ModuleProgress
{
    public required Guid EnrollmentId { get; init; }
    public required string ModuleId { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>A therapist opened a module for a patient (therapist-gated programs).</summary>
public sealed class ModuleOpening
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string ModuleId { get; init; }
    public required string OpenedBy { get; init; }
    public DateTimeOffset OpenedAt { get; init; }
}

internal sealed class ProgressEventConfiguration : IEntityTypeConfiguration<ProgressEvent>
{
    public void Configure(EntityTypeBuilder<ProgressEvent> builder)
    {
        builder.ToTable("ProgressEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Verb).HasMaxLength(16);
        builder.Property(e => e.ModuleId).HasMaxLength(64);
        builder.Property(e => e.ObjectId).HasMaxLength(64);
        builder.HasIndex(e => e.EnrollmentId);
    }
}

internal sealed class ModuleProgressConfiguration : IEntityTypeConfiguration<ModuleProgress>
{
    public void Configure(EntityTypeBuilder<ModuleProgress> builder)
    {
        builder.ToTable("ModuleProgress");
        builder.HasKey(m => new { m.EnrollmentId, m.ModuleId });
        builder.Property(m => m.ModuleId).HasMaxLength(64);
    }
}

internal sealed class ModuleOpeningConfiguration : IEntityTypeConfiguration<ModuleOpening>
{
    public void Configure(EntityTypeBuilder<ModuleOpening> builder)
    {
        builder.ToTable("ModuleOpenings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.ModuleId).HasMaxLength(64);
        builder.Property(m => m.OpenedBy).HasMaxLength(450);
        builder.HasIndex(m => new { m.EnrollmentId, m.ModuleId }).IsUnique();
    }
}
