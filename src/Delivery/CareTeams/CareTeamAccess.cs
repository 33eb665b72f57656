using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.CareTeams;

/// <summary>
/// The one question every staff endpoint, page and hub method asks before it touches patient data: is this member of
/// staff in the care team of this enrollment? Kept in one place so no feature invents its own rule.
/// </summary>
public sealed class CareTeamAccess(DeliveryDbContext db)
{
    public Task<bool> CanSeeAsync(string staffUserId, Guid enrollmentId, CancellationToken ct = default) =>
        db.CareTeamMembers.AnyAsync(m => m.StaffUserId == staffUserId && m.EnrollmentId == enrollmentId, ct);

    /// <summary>The enrollments this member of staff may see: compose into queries rather than loading ids.</summary>
    public IQueryable<Guid> EnrollmentsOf(string staffUserId) =>
        db.CareTeamMembers.Where(m => m.StaffUserId == staffUserId).Select(m => m.EnrollmentId);

    /// <summary>Staff ids of an enrollment's care team (who a patient's message goes to).</summary>
    public Task<List<string>> MembersAsync(Guid enrollmentId, CancellationToken ct = default) =>
        db.CareTeamMembers.Where(m => m.EnrollmentId == enrollmentId).Select(m => m.StaffUserId).ToListAsync(ct);
}
