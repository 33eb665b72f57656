using ContentPlatform.Delivery.Data;

namespace ContentPlatform.Delivery.Enrollment;

/// <summary>
/// What a staff invitation adds beside the new enrollment, on the caller's unit of work so one SaveChanges commits both:
/// CareTeams makes whoever enrolled the patient their responsible therapist (<c>CareTeams/ResponsibleTherapist.cs</c>).
/// Enrollment owns the question so that it does not know the care team: CareTeams reads enrollments, not the reverse.
/// </summary>
public interface IEnrolledByStaff
{
    void Enrolled(DeliveryDbContext db, ProgramEnrollment enrollment, string staffUserId, DateTimeOffset at);
}
