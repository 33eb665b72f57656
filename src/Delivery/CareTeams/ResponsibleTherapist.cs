using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;

namespace ContentPlatform.Delivery.CareTeams;

/// <summary>Whoever enrols a patient is their responsible therapist until a clinic admin says otherwise.</summary>
internal sealed class ResponsibleTherapist : IEnrolledByStaff
{
    public void Enrolled(DeliveryDbContext db, ProgramEnrollment enrollment, string staffUserId, DateTimeOffset at) =>
        db.CareTeamMembers.Add(new CareTeamMember
        {
            EnrollmentId = enrollment.Id, StaffUserId = staffUserId, IsResponsible = true, AddedAt = at, AddedBy = staffUserId,
        });
}
