using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Workload;

/// <summary>
/// The one patient a member of staff is working on right now, opened by their request for that patient's record or
/// thread and closed by their next action (<see cref="WorkClock"/>). At most one per member of staff: the key.
/// </summary>
public sealed class WorkSession
{
    public required string StaffUserId { get; init; }
    public required Guid EnrollmentId { get; init; }
    public DateTimeOffset StartedAt { get; init; }
}

internal sealed class WorkSessionConfiguration : IEntityTypeConfiguration<WorkSession>
{
    public void Configure(EntityTypeBuilder<WorkSession> builder)
    {
        builder.ToTable("WorkSessions");
        builder.HasKey(s => s.StaffUserId);
        builder.Property(s => s.StaffUserId).HasMaxLength(450);
    }
}
