using System.Security.Claims;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Delivery.Progress;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.FollowUp;

/// <summary>
/// The care team's decisions on follow-up patients. Recording one asks the care-team question first, writes the decision
/// and an access-log line (the patient sees both: the decision on the program page, the line under "Mine data").
/// </summary>
public sealed class FollowUpDecisions(DeliveryDbContext db, CareTeamAccess access, PatientEnrollments enrollments, AccessLog accessLog,
    DeliveryWriteGate gate, TimeProvider clock, CaseloadNotifier caseload)
{
    public const string AccessKind = "follow-up-decision";

    /// <summary>False when the enrollment is not a follow-up program in this member's care teams (the caller answers 404).</summary>
    public async Task<bool> RecordAsync(ClaimsPrincipal staff, Guid enrollmentId, FollowUpDecisionKind kind, string? note, CancellationToken ct)
    {
        if (PatientEnrollments.UserId(staff) is not { } staffId || !await access.CanSeeAsync(staffId, enrollmentId, ct) ||
            await enrollments.ForCareTeamAsync(enrollmentId, ct) is not { Content.Kind: ProgramKind.FollowUp, Enrollment.PatientId: { } patientId })
        {
            return false;
        }
        var name = await db.Users.AsNoTracking().Where(u => u.Id == staffId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        using (await gate.EnterAsync(ct))
        {
            db.FollowUpDecisions.Add(new FollowUpDecision
            {
                EnrollmentId = enrollmentId, Kind = kind, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), StaffUserId = staffId,
                StaffName = name, At = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);
        }
        await accessLog.WriteAsync(patientId, staffId, name, AccessKind, enrollmentId, ct);
        await caseload.ChangedAsync(enrollmentId, ct);
        return true;
    }

    /// <summary>The newest decision on an enrollment; the caller has already checked who may see it.</summary>
    public Task<FollowUpDecision?> LatestAsync(Guid enrollmentId, CancellationToken ct) =>
        db.FollowUpDecisions.AsNoTracking().Where(d => d.EnrollmentId == enrollmentId).OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct);
}
