using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.CareTeams;

/// <summary>
/// A member of staff in the care team of one enrollment (a patient in a guided program). The responsible therapist is
/// the one who enrolled the patient; colleagues covering (holidays, sick leave) are added beside them. A therapist sees a
/// patient's data only through a membership row: there is no other way in.
/// </summary>
public sealed class CareTeamMember
{
    public required Guid EnrollmentId { get; init; }
    public required string StaffUserId { get; init; }
    public bool IsResponsible { get; set; }
    public DateTimeOffset AddedAt { get; init; }
    public required string AddedBy { get; init; }
}

internal sealed class CareTeamMemberConfiguration : IEntityTypeConfiguration<CareTeamMember>
{
    public void Configure(EntityTypeBuilder<CareTeamMember> builder)
    {
        builder.ToTable("CareTeamMembers");
        builder.HasKey(m => new { m.EnrollmentId, m.StaffUserId });
        builder.Property(m => m.StaffUserId).HasMaxLength(450);
        builder.Property(m => m.AddedBy).HasMaxLength(450);
        builder.HasIndex(m => m.StaffUserId);
    }
}
