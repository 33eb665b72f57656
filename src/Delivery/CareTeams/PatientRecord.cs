using System.Security.Claims;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Realtime;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.CareTeams;

public sealed record TeamMember(string StaffUserId, string Name, bool IsResponsible);

/// <summary>Everything the patient view shows about one patient in one program.</summary>
public sealed record PatientView(
    PatientProgram Program,
    CaseloadRow Row,
    IReadOnlyList<Answer> Answers,
    IReadOnlyList<QuestionnaireResult> Results,
    IReadOnlyList<ClinicalNote> Notes,
    IReadOnlyList<HomeworkFeedback> Feedback,
    IReadOnlyList<TeamMember> Team);

/// <summary>
/// The therapist's way into one patient's data: care-team check first, then the read, then the access-log line the patient
/// will see. Writing the log is part of reading: there is no way to get the view without it.
/// </summary>
public sealed class PatientRecord(DeliveryDbContext db, CareTeamAccess access, Caseload caseload, PatientEnrollments enrollments,
    AccessLog accessLog, DeliveryWriteGate gate, TimeProvider clock, IAccessRevocations revocations)
{
    public async Task<PatientView?> ViewAsync(ClaimsPrincipal staff, Guid enrollmentId, CancellationToken ct)
    {
        var staffId = PatientEnrollments.UserId(staff);
        if (staffId is null || !await access.CanSeeAsync(staffId, enrollmentId, ct) ||
            await enrollments.ForCareTeamAsync(enrollmentId, ct) is not { Enrollment.PatientId: { } patientId } program ||
            await caseload.RowAsync(staffId, enrollmentId, ct) is not { } row)
        {
            return null;
        }
        await accessLog.WriteAsync(patientId, staffId, await NameAsync(staffId, ct), AccessKinds.Overview, enrollmentId, ct);
        var answers = await db.Answers.AsNoTracking().Where(a => a.EnrollmentId == enrollmentId).OrderBy(a => a.Id).ToListAsync(ct);
        var results = await db.QuestionnaireResults.AsNoTracking().Where(r => r.EnrollmentId == enrollmentId).OrderBy(r => r.Id).ToListAsync(ct);
        var notes = await db.ClinicalNotes.AsNoTracking().Where(n => n.EnrollmentId == enrollmentId).OrderByDescending(n => n.Id).ToListAsync(ct);
        var feedback = await db.HomeworkFeedback.AsNoTracking().Where(f => f.EnrollmentId == enrollmentId).OrderBy(f => f.Id).ToListAsync(ct);
        return new PatientView(program, row, answers, results, notes, feedback, await TeamAsync(enrollmentId, ct));
    }

    public async Task<IReadOnlyList<TeamMember>> TeamAsync(Guid enrollmentId, CancellationToken ct) =>
        await (from m in db.CareTeamMembers.AsNoTracking()
               join u in db.Users.AsNoTracking() on m.StaffUserId equals u.Id
               where m.EnrollmentId == enrollmentId
               orderby m.IsResponsible descending, u.DisplayName
               select new TeamMember(m.StaffUserId, u.DisplayName, m.IsResponsible)).ToListAsync(ct);

    public async Task<bool> AddNoteAsync(ClaimsPrincipal staff, Guid enrollmentId, string text, CancellationToken ct)
    {
        if (PatientEnrollments.UserId(staff) is not { } staffId || !await access.CanSeeAsync(staffId, enrollmentId, ct))
        {
            return false;
        }
        using (await gate.EnterAsync(ct))
        {
            db.ClinicalNotes.Add(new ClinicalNote
            {
                EnrollmentId = enrollmentId, StaffUserId = staffId, StaffName = await NameAsync(staffId, ct), Text = text.Trim(), At = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    public async Task<bool> AddFeedbackAsync(ClaimsPrincipal staff, Guid enrollmentId, string moduleId, string text, CancellationToken ct)
    {
        if (PatientEnrollments.UserId(staff) is not { } staffId || !await access.CanSeeAsync(staffId, enrollmentId, ct) ||
            await enrollments.ForCareTeamAsync(enrollmentId, ct) is not { } program || program.Module(moduleId) is null)
        {
            return false;
        }
        using (await gate.EnterAsync(ct))
        {
            db.HomeworkFeedback.Add(new HomeworkFeedback
            {
                EnrollmentId = enrollmentId, ModuleId = moduleId, StaffUserId = staffId, StaffName = await NameAsync(staffId, ct), Text = text.Trim(),
                At = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    public enum TeamChange
    {
        Done,
        NotAllowed,
        NoSuchColleague,
        AlreadyMember,
        NotMember,
        CannotRemoveResponsible,
    }

    /// <summary>The responsible therapist or a clinic admin in the team adds a colleague who covers (holidays, sick leave).</summary>
    public async Task<TeamChange> AddColleagueAsync(ClaimsPrincipal staff, Guid enrollmentId, string email, CancellationToken ct)
    {
        if (!await MayManageTeamAsync(staff, enrollmentId, ct))
        {
            return TeamChange.NotAllowed;
        }
        var normalized = email.Trim().ToUpperInvariant();
        var colleague = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        var staffRoles = await db.Roles.Where(r => r.Name == DeliveryRoles.Therapist || r.Name == DeliveryRoles.ClinicAdmin)
            .Select(r => r.Id).ToListAsync(ct);
        if (colleague is null || !await db.UserRoles.AnyAsync(ur => ur.UserId == colleague.Id && staffRoles.Contains(ur.RoleId), ct))
        {
            return TeamChange.NoSuchColleague;
        }
        using (await gate.EnterAsync(ct))
        {
            if (await db.CareTeamMembers.AnyAsync(m => m.EnrollmentId == enrollmentId && m.StaffUserId == colleague.Id, ct))
            {
                return TeamChange.AlreadyMember;
            }
            db.CareTeamMembers.Add(new CareTeamMember
            {
                EnrollmentId = enrollmentId, StaffUserId = colleague.Id, AddedAt = clock.GetUtcNow(), AddedBy = PatientEnrollments.UserId(staff)!,
            });
            await db.SaveChangesAsync(ct);
        }
        return TeamChange.Done;
    }

    public async Task<TeamChange> RemoveColleagueAsync(ClaimsPrincipal staff, Guid enrollmentId, string staffUserId, CancellationToken ct)
    {
        if (!await MayManageTeamAsync(staff, enrollmentId, ct))
        {
            return TeamChange.NotAllowed;
        }
        using (await gate.EnterAsync(ct))
        {
            var member = await db.CareTeamMembers.FirstOrDefaultAsync(m => m.EnrollmentId == enrollmentId && m.StaffUserId == staffUserId, ct);
            if (member is null)
            {
                return TeamChange.NotMember;
            }
            if (member.IsResponsible)
            {
                return TeamChange.CannotRemoveResponsible;
            }
            db.CareTeamMembers.Remove(member);
            await db.SaveChangesAsync(ct);
        }
        // The REST answer is 404 from now on; the colleague's open hub connections leave the thread too, on every instance.
        await revocations.RevokeGroupAsync(staffUserId, RealtimeGroups.Enrollment(enrollmentId), CancellationToken.None);
        return TeamChange.Done;
    }

    /// <summary>
    /// Password reset by invitation: patients have no e-mail from us, so the care team hands them a one-time link (as with
    /// the first invitation). Identity's reset token is single-use (it is tied to the security stamp, which the reset
    /// changes) and expires after a day. Null when the enrollment is not in this member's care teams.
    /// </summary>
    public async Task<string?> PasswordResetLinkAsync(ClaimsPrincipal staff, Guid enrollmentId, UserManager<DeliveryUser> users, CancellationToken ct)
    {
        if (PatientEnrollments.UserId(staff) is not { } staffId || !await access.CanSeeAsync(staffId, enrollmentId, ct) ||
            await db.Enrollments.AsNoTracking().Where(e => e.Id == enrollmentId).Select(e => e.PatientId).FirstOrDefaultAsync(ct) is not { } patientId ||
            await users.FindByIdAsync(patientId) is not { } patient)
        {
            return null;
        }
        var token = await users.GeneratePasswordResetTokenAsync(patient);
        return $"/account/reset?u={Uri.EscapeDataString(patient.Id)}&t={Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(token))}";
    }

    public async Task<bool> MayManageTeamAsync(ClaimsPrincipal staff, Guid enrollmentId, CancellationToken ct)
    {
        var clinicAdmin = staff.IsInRole(DeliveryRoles.ClinicAdmin);
        return PatientEnrollments.UserId(staff) is { } staffId &&
               await db.CareTeamMembers.AnyAsync(m => m.EnrollmentId == enrollmentId && m.StaffUserId == staffId && (m.IsResponsible || clinicAdmin), ct);
    }

    private async Task<string> NameAsync(string staffId, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == staffId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
}
