using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.CareTeams;

/// <summary>
/// Minutes a member of staff spent on one enrollment (reading homework, writing replies), as they recorded it. Leaders
/// see only the aggregate (therapist minutes per patient); the therapist UI that records it lives with the care team.
/// </summary>
public sealed class StaffTimeEntry
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string StaffUserId { get; init; }
    public int Minutes { get; init; }
    public DateTimeOffset At { get; init; }
}

internal sealed class StaffTimeEntryConfiguration : IEntityTypeConfiguration<StaffTimeEntry>
{
    public void Configure(EntityTypeBuilder<StaffTimeEntry> builder)
    {
        builder.ToTable("StaffTimeEntries");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.StaffUserId).HasMaxLength(450);
        builder.HasIndex(t => t.EnrollmentId);
    }
}
