using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Progress;

/// <summary>
/// A therapist added an optional module to one patient's plan, or hid it again. Append-only: the latest row per module
/// decides, and the rows are the history the patient view shows ("who changed the plan, when").
/// </summary>
public sealed class PlanChange
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string ModuleId { get; init; }

    /// <summary>True: the module was added to the plan; false: it was hidden.</summary>
    public bool Included { get; init; }

    public required string StaffUserId { get; init; }
    public string StaffName { get; init; } = "";
    public DateTimeOffset At { get; init; }
}

internal sealed class PlanChangeConfiguration : IEntityTypeConfiguration<PlanChange>
{
    public void Configure(EntityTypeBuilder<PlanChange> builder)
    {
        builder.ToTable("PlanChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.ModuleId).HasMaxLength(64);
        builder.Property(c => c.StaffUserId).HasMaxLength(450);
        builder.Property(c => c.StaffName).HasMaxLength(200);
        builder.HasIndex(c => new { c.EnrollmentId, c.Id });
    }
}
