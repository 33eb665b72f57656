using System.Security.Claims;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Delivery.Progress;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.CareTeams;

public enum HandleOutcome
{
    Done,
    NotInCareTeam,

    /// <summary>The key names no reason the row shows now (a stale form, or made up).</summary>
    NoSuchReason,

    /// <summary>A colleague handled it first.</summary>
    AlreadyHandled,
}

/// <summary>
/// A member of the care team marks one of a patient's red or yellow reasons as handled, with a short note. The handled row is
/// the audit record (who, when, note); the patient's access log gets a line too, so the patient sees that their care team
/// acted; the team's open caseloads are told the row changed.
/// </summary>
public sealed class AlertHandling(DeliveryDbContext db, CareTeamAccess access, Caseload caseload, AccessLog accessLog, DeliveryWriteGate gate,
    TimeProvider clock, CaseloadNotifier notifier)
{
    /// <param name="describe">The reason in words, as the handler read it (kept beside the note).</param>
    public async Task<HandleOutcome> HandleAsync(ClaimsPrincipal staff, Guid enrollmentId, string reasonKey, string note,
        Func<Reason, string> describe, CancellationToken ct)
    {
        if (PatientEnrollments.UserId(staff) is not { } staffId || !await access.CanSeeAsync(staffId, enrollmentId, ct) ||
            await caseload.RowAsync(staffId, enrollmentId, ct) is not { } row ||
            await db.Enrollments.AsNoTracking().Where(e => e.Id == enrollmentId).Select(e => e.PatientId).FirstOrDefaultAsync(ct) is not { } patientId)
        {
            return HandleOutcome.NotInCareTeam;
        }
        if (row.Reasons.FirstOrDefault(r => r.Key == reasonKey) is not { } reason)
        {
            return await db.HandledReasons.AnyAsync(h => h.EnrollmentId == enrollmentId && h.ReasonKey == reasonKey, ct)
                ? HandleOutcome.AlreadyHandled : HandleOutcome.NoSuchReason;
        }
        var name = await db.Users.Where(u => u.Id == staffId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        using (await gate.EnterAsync(ct))
        {
            var handled = new HandledReason
            {
                EnrollmentId = enrollmentId, ReasonKey = reasonKey, Light = reason.Light.ToString().ToLowerInvariant(),
                ReasonText = Truncate(describe(reason), 1000), StaffUserId = staffId, StaffName = name, Note = note.Trim(), At = clock.GetUtcNow(),
            };
            db.HandledReasons.Add(handled);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The unique (enrollment, key) index: another instance stored a colleague's handling between our read and write.
                db.Entry(handled).State = EntityState.Detached;
                return HandleOutcome.AlreadyHandled;
            }
        }
        await accessLog.WriteAsync(patientId, staffId, name, AccessKinds.AlertHandled, enrollmentId, ct);
        await notifier.ChangedAsync(enrollmentId, ct);
        return HandleOutcome.Done;
    }

    public async Task<IReadOnlyList<HandledReason>> HistoryAsync(Guid enrollmentId, CancellationToken ct) =>
        await db.HandledReasons.AsNoTracking().Where(h => h.EnrollmentId == enrollmentId).OrderByDescending(h => h.Id).ToListAsync(ct);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
