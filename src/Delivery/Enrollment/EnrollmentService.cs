using System.Security.Cryptography;
using System.Text;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;
using ContentPlatform.Contract.Text;

namespace ContentPlatform.Delivery.Enrollment;

public enum InvitationState
{
    Valid,
    Unknown,
    Expired,
    Used,
}

public sealed record InvitationLookup(InvitationState State, Invitation? Invitation = null, ProgramEnrollment? Enrollment = null);

public enum EnrollError
{
    None,
    UnknownProgram,
    Withdrawn,
    NotSelfPaced,
}

/// <summary>Enrolling patients: staff invitations for guided programs, self sign-up for courses.</summary>
public sealed class EnrollmentService(DeliveryDbContext db, DeliveryWriteGate gate, ReleaseStore releases, TimeProvider clock,
    IEnrolledByStaff enrolledByStaff)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(14);

    /// <summary>Creates an enrollment waiting for its patient and returns the one-time code (shown once, stored only as a hash).</summary>
    public async Task<(EnrollError Error, ProgramEnrollment? Enrollment, string? Code)> InviteAsync(string programId, string inviteeName,
        string staffUserId, CancellationToken ct)
    {
        var program = await releases.ProgramAsync(programId, ct);
        if (program is null)
        {
            return (EnrollError.UnknownProgram, null, null);
        }
        if (program.Withdrawn)
        {
            return (EnrollError.Withdrawn, null, null);
        }
        var now = clock.GetUtcNow();
        var code = NewCode();
        var enrollment = new ProgramEnrollment
        {
            ProgramId = programId, InviteeName = TextInput.Name(inviteeName), CreatedBy = staffUserId, CreatedAt = now,
        };
        using (await gate.EnterAsync(ct))
        {
            db.Enrollments.Add(enrollment);
            db.Invitations.Add(new Invitation { EnrollmentId = enrollment.Id, CodeHash = Hash(code), ExpiresAt = now + InvitationLifetime });
            enrolledByStaff.Enrolled(db, enrollment, staffUserId, now); // the care team, in the same commit
            await db.SaveChangesAsync(ct);
        }
        return (EnrollError.None, enrollment, code);
    }

    public async Task<InvitationLookup> FindInvitationAsync(string code, CancellationToken ct)
    {
        var hash = Hash(code);
        var invitation = await db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.CodeHash == hash, ct);
        if (invitation is null)
        {
            return new(InvitationState.Unknown);
        }
        var enrollment = await db.Enrollments.AsNoTracking().FirstAsync(e => e.Id == invitation.EnrollmentId, ct);
        var state = invitation.UsedAt is not null ? InvitationState.Used
            : invitation.ExpiresAt <= clock.GetUtcNow() ? InvitationState.Expired
            : InvitationState.Valid;
        return new(state, invitation, enrollment);
    }

    /// <summary>Gives the enrollment to the patient and spends the invitation; false if someone used it first.</summary>
    public async Task<bool> AcceptAsync(string code, string patientId, CancellationToken ct)
    {
        var hash = Hash(code);
        var now = clock.GetUtcNow();
        using (await gate.EnterAsync(ct))
        {
            var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.CodeHash == hash, ct);
            if (invitation is null || invitation.UsedAt is not null || invitation.ExpiresAt <= now)
            {
                return false;
            }
            // The conditional update makes "used once" hold even across app instances on PostgreSQL.
            var spent = await db.Invitations.Where(i => i.Id == invitation.Id && i.UsedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.UsedAt, now), ct);
            if (spent == 0)
            {
                return false;
            }
            await db.Enrollments.Where(e => e.Id == invitation.EnrollmentId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.PatientId, patientId).SetProperty(e => e.StartedAt, now), ct);
        }
        return true;
    }

    /// <summary>Self sign-up to a course; joining twice returns the existing enrollment.</summary>
    public async Task<(EnrollError Error, ProgramEnrollment? Enrollment)> SelfEnrollAsync(string programId, string patientId, CancellationToken ct)
    {
        var program = await releases.ProgramAsync(programId, ct);
        if (program is null)
        {
            return (EnrollError.UnknownProgram, null);
        }
        var existing = await db.Enrollments.AsNoTracking().FirstOrDefaultAsync(e => e.ProgramId == programId && e.PatientId == patientId, ct);
        if (existing is not null)
        {
            return (EnrollError.None, existing);
        }
        if (program.Withdrawn)
        {
            return (EnrollError.Withdrawn, null);
        }
        if (program.Kind != ProgramKind.Course)
        {
            return (EnrollError.NotSelfPaced, null);
        }
        var now = clock.GetUtcNow();
        var enrollment = new ProgramEnrollment
        {
            ProgramId = programId, PatientId = patientId, CreatedBy = patientId, CreatedAt = now, StartedAt = now,
        };
        using (await gate.EnterAsync(ct))
        {
            db.Enrollments.Add(enrollment);
            await db.SaveChangesAsync(ct);
        }
        return (EnrollError.None, enrollment);
    }

    /// <summary>25 unbiased picks from 31 unambiguous characters (no 0/O, 1/l): ≈124 random bits, grouped for reading aloud.</summary>
    public static string NewCode()
    {
        var chars = RandomNumberGenerator.GetItems<char>("abcdefghjkmnpqrstuvwxyz23456789", 25);
        return string.Join('-', Enumerable.Range(0, 5).Select(g => new string(chars, g * 5, 5)));
    }

    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().ToLowerInvariant())));
}
