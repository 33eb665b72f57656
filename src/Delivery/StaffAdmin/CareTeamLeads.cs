using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Realtime;
using ContentPlatform.Delivery.Themes;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Platform.StaffAdmin;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.StaffAdmin;

/// <summary>A care team whose responsible therapist was deactivated: the patient has nobody in charge until it is reassigned.</summary>
public sealed record TeamWithoutLead(Guid EnrollmentId, string PatientName, string FormerLeadId, string FormerLeadName, DateTimeOffset Since);

/// <summary>
/// Care teams that need a new lead, and the clinic admin's reassignment. "Needs a new lead" is not stored: it is a team
/// whose responsible member is deactivated, so re-activating the person clears it as well. Both are of one organisation
/// (its key): an admin sees the teams their own organisation's deactivated staff led, and offers its own staff as leads.
/// </summary>
public sealed class CareTeamLeads(DeliveryDbContext db, DeliveryWriteGate gate, IAccessRevocations revocations, TimeProvider clock, ThemeCatalog catalog)
{
    public async Task<IReadOnlyList<TeamWithoutLead>> WithoutLeadAsync(string organisation, CancellationToken ct)
    {
        // LockoutEnd is compared here: SQLite cannot compare DateTimeOffset columns.
        var locked = await db.Users.AsNoTracking().Where(u => u.LockoutEnd != null).ToListAsync(ct);
        var deactivated = locked.Where(u => StaffLifecycle.IsDeactivated(u) && catalog.KeyOf(u.Organisation) == organisation).ToDictionary(u => u.Id);
        if (deactivated.Count == 0)
        {
            return [];
        }
        var ids = deactivated.Keys.ToList();
        var teams = await (from m in db.CareTeamMembers.AsNoTracking()
                           where m.IsResponsible && ids.Contains(m.StaffUserId)
                           join e in db.Enrollments.AsNoTracking() on m.EnrollmentId equals e.Id
                           join p in db.Users.AsNoTracking() on e.PatientId equals p.Id into patients
                           from p in patients.DefaultIfEmpty()
                           select new { m.EnrollmentId, m.StaffUserId, Patient = p == null ? e.InviteeName : p.DisplayName, e.CreatedAt }).ToListAsync(ct);
        return [.. teams.Select(t => new TeamWithoutLead(t.EnrollmentId, t.Patient, t.StaffUserId, deactivated[t.StaffUserId].DisplayName, t.CreatedAt))
            .OrderBy(t => t.FormerLeadName, StringComparer.CurrentCulture).ThenBy(t => t.PatientName, StringComparer.CurrentCulture)];
    }

    /// <summary>
    /// Makes <paramref name="newLead"/> (an active therapist or clinic admin) the team's responsible member and takes the
    /// deactivated former lead out of it. False when the team has no deactivated lead (someone else was quicker).
    /// </summary>
    public async Task<(bool Done, string? FormerLeadId)> ReassignAsync(Guid enrollmentId, DeliveryUser newLead, CancellationToken ct)
    {
        string formerLeadId;
        using (await gate.EnterAsync(ct))
        {
            var members = await db.CareTeamMembers.Where(m => m.EnrollmentId == enrollmentId).ToListAsync(ct);
            var former = members.FirstOrDefault(m => m.IsResponsible);
            if (former is null || former.StaffUserId == newLead.Id ||
                await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == former.StaffUserId, ct) is not { } formerUser ||
                !StaffLifecycle.IsDeactivated(formerUser))
            {
                return (false, null);
            }
            formerLeadId = former.StaffUserId;
            db.CareTeamMembers.Remove(former);
            if (members.FirstOrDefault(m => m.StaffUserId == newLead.Id) is { } existing)
            {
                existing.IsResponsible = true;
            }
            else
            {
                db.CareTeamMembers.Add(new CareTeamMember
                {
                    EnrollmentId = enrollmentId, StaffUserId = newLead.Id, IsResponsible = true, AddedAt = clock.GetUtcNow(), AddedBy = newLead.Id,
                });
            }
            await db.SaveChangesAsync(ct);
        }
        // The former lead has no live connection (deactivation closed them); this covers one opened in the meantime.
        await revocations.RevokeGroupAsync(formerLeadId, RealtimeGroups.Enrollment(enrollmentId), CancellationToken.None);
        return (true, formerLeadId);
    }

    /// <summary>Who can lead a care team: the organisation's active therapists and clinic admins.</summary>
    public async Task<IReadOnlyList<DeliveryUser>> PossibleLeadsAsync(string organisation, CancellationToken ct)
    {
        var roleIds = await db.Roles.Where(r => r.Name == DeliveryRoles.Therapist || r.Name == DeliveryRoles.ClinicAdmin).Select(r => r.Id).ToListAsync(ct);
        var people = await db.Users.AsNoTracking().Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)))
            .OrderBy(u => u.DisplayName).ToListAsync(ct);
        return [.. people.Where(u => !StaffLifecycle.IsDeactivated(u) && u.PasswordHash != null && catalog.KeyOf(u.Organisation) == organisation)];
    }
}
