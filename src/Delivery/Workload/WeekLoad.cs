using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Workload;

/// <summary>
/// A week, Monday 00:00 to Monday 00:00 in the display time zone (Europe/Oslo), as instants (UTC) and as the local day
/// numbers entries are stored with (<see cref="StaffTimeEntry.Day"/>).
/// </summary>
public sealed record Week(DateTimeOffset Start, DateTimeOffset End, int FirstDay)
{
    public int EndDay => FirstDay + 7;

    public static Week Containing(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var monday = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
        return new(Midnight(monday, zone).ToUniversalTime(), Midnight(monday.AddDays(7), zone).ToUniversalTime(),
            DateOnly.FromDateTime(monday).DayNumber);
    }

    /// <summary>The local day an instant falls on, as a day number.</summary>
    public static int DayOf(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime).DayNumber;

    private static DateTimeOffset Midnight(DateTime day, TimeZoneInfo zone) => new(day, zone.GetUtcOffset(day));
}

/// <summary>One measured entry as its therapist sees it: what the corrections made of it, and whether it was corrected.</summary>
public sealed record MyEntry(long Id, Guid EnrollmentId, string Patient, string Source, DateTimeOffset At, int Measured, int Minutes, bool Corrected);

/// <summary>One therapist's load in a week, for the clinic admin.</summary>
public sealed record TherapistLoad(string StaffUserId, string Name, int Minutes, int Patients);

public enum CorrectionOutcome
{
    Corrected,
    Unchanged,
    NotFound,
    OutOfRange,
}

/// <summary>
/// The week's recorded time: a therapist's own entries (and their corrections), and for the clinic admin the load per
/// therapist. A therapist sees no colleague's time: <see cref="MineAsync"/> is keyed by the caller's id, and
/// <see cref="PerTherapistAsync"/> is for the clinic-admin role only (the page checks it).
/// </summary>
public sealed class WeekLoad(DeliveryDbContext db, DeliveryWriteGate gate, TimeProvider clock, NorwegianTime time)
{
    public const int MaxMinutes = 600;

    public Week ThisWeek() => Week.Containing(clock.GetUtcNow(), time.Zone);

    public async Task<IReadOnlyList<MyEntry>> MineAsync(string staffId, Week week, CancellationToken ct)
    {
        var rows = await db.StaffTimeEntries.AsNoTracking()
            .Where(t => t.StaffUserId == staffId && t.Day >= week.FirstDay && t.Day < week.EndDay).OrderBy(t => t.Id).ToListAsync(ct);
        var enrollments = rows.Select(r => r.EnrollmentId).Distinct().ToList();
        // The patient's name only while the therapist is still in their care team.
        var names = await (from m in db.CareTeamMembers.AsNoTracking()
                           join e in db.Enrollments.AsNoTracking() on m.EnrollmentId equals e.Id
                           join u in db.Users.AsNoTracking() on e.PatientId equals u.Id
                           where m.StaffUserId == staffId && enrollments.Contains(m.EnrollmentId)
                           select new { m.EnrollmentId, u.DisplayName }).ToDictionaryAsync(x => x.EnrollmentId, x => x.DisplayName, ct);
        var corrections = rows.Where(r => r.CorrectsEntryId is not null).ToLookup(r => r.CorrectsEntryId!.Value);
        return rows.Where(r => r.CorrectsEntryId is null)
            .Select(r => new MyEntry(r.Id, r.EnrollmentId, names.GetValueOrDefault(r.EnrollmentId, "–"), r.Source ?? "", r.At, r.Minutes,
                r.Minutes + corrections[r.Id].Sum(c => c.Minutes), corrections[r.Id].Any()))
            .OrderByDescending(e => e.At).ToList();
    }

    /// <summary>
    /// The therapist sets an entry of theirs to <paramref name="minutes"/>. Written as a correction row holding the
    /// difference (see <see cref="StaffTimeEntry"/>): who corrected what from what to what, and when, stays readable.
    /// </summary>
    public async Task<CorrectionOutcome> CorrectAsync(string staffId, long entryId, int minutes, CancellationToken ct)
    {
        if (minutes is < 0 or > MaxMinutes)
        {
            return CorrectionOutcome.OutOfRange;
        }
        using (await gate.EnterAsync(ct))
        {
            var entry = await db.StaffTimeEntries.AsNoTracking()
                .FirstOrDefaultAsync(t => t.Id == entryId && t.StaffUserId == staffId && t.CorrectsEntryId == null, ct);
            if (entry is null)
            {
                return CorrectionOutcome.NotFound;
            }
            var current = entry.Minutes + await db.StaffTimeEntries.Where(t => t.CorrectsEntryId == entryId).SumAsync(t => t.Minutes, ct);
            if (current == minutes)
            {
                return CorrectionOutcome.Unchanged;
            }
            db.StaffTimeEntries.Add(new StaffTimeEntry
            {
                EnrollmentId = entry.EnrollmentId, StaffUserId = staffId, Minutes = minutes - current, At = entry.At, Day = entry.Day, Source = WorkSources.Correction,
                CorrectsEntryId = entryId, RecordedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);
        }
        return CorrectionOutcome.Corrected;
    }

    /// <summary>Every therapist's minutes and patients in the week (corrections included), most loaded first.</summary>
    public async Task<IReadOnlyList<TherapistLoad>> PerTherapistAsync(Week week, CancellationToken ct)
    {
        var therapistRole = await db.Roles.Where(r => r.Name == DeliveryRoles.Therapist).Select(r => r.Id).FirstOrDefaultAsync(ct);
        var therapists = await (from ur in db.UserRoles.AsNoTracking()
                                join u in db.Users.AsNoTracking() on ur.UserId equals u.Id
                                where ur.RoleId == therapistRole
                                select new { u.Id, u.DisplayName }).ToListAsync(ct);
        var ids = therapists.Select(t => t.Id).ToList();
        var entries = await db.StaffTimeEntries.AsNoTracking()
            .Where(t => ids.Contains(t.StaffUserId) && t.Day >= week.FirstDay && t.Day < week.EndDay)
            .Select(t => new { t.StaffUserId, t.EnrollmentId, t.Minutes }).ToListAsync(ct);
        var byStaff = entries.ToLookup(e => e.StaffUserId);
        return therapists
            .Select(t => new TherapistLoad(t.Id, t.DisplayName, byStaff[t.Id].Sum(e => e.Minutes), byStaff[t.Id].Select(e => e.EnrollmentId).Distinct().Count()))
            .OrderByDescending(l => l.Minutes).ThenBy(l => l.Name, StringComparer.CurrentCulture).ToList();
    }
}
