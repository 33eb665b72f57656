using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Progress;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Notifications.Rules;

/// <summary>
/// A therapist opened a module for the patient: <c>module-opened:{enrollmentId}:{moduleId}</c>. Only a module in the
/// patient's plan is announced: an optional module the therapist has not added (or hid again) is not the patient's to open.
/// </summary>
public sealed class ModuleOpenedRule(DeliveryDbContext db, ReleaseStore releases) : INotificationRule
{
    /// <summary>Openings older than this are not announced (a new installation must not announce old openings).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(2);

    public async Task<IReadOnlyList<DueNotification>> DueAsync(DateTimeOffset now, CancellationToken ct)
    {
        // The time filter runs here, not in SQL: SQLite cannot compare DateTimeOffset columns. One narrow query still.
        var openings = (await (
                from o in db.ModuleOpenings
                join e in db.Enrollments on o.EnrollmentId equals e.Id
                where e.PatientId != null
                select new { o.EnrollmentId, o.ModuleId, e.PatientId, e.ProgramId, o.OpenedAt }).AsNoTracking().ToListAsync(ct))
            .Where(o => o.OpenedAt > now - Window && o.OpenedAt <= now).ToList();
        var optional = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var programId in openings.Select(o => o.ProgramId).Distinct())
        {
            var release = await releases.LatestAsync(programId, ct);
            optional[programId] = release?.Content.Modules.Where(m => m.Optional).Select(m => m.Id).ToHashSet(StringComparer.Ordinal) ?? [];
        }
        var added = openings.Any(o => optional[o.ProgramId].Contains(o.ModuleId)) ? await AddedAsync(ct) : [];
        return openings.Where(o => !optional[o.ProgramId].Contains(o.ModuleId) || added.Contains((o.EnrollmentId, o.ModuleId)))
            .Select(o => new DueNotification($"{NotificationKinds.ModuleOpened}:{o.EnrollmentId}:{o.ModuleId}", o.PatientId!, o.EnrollmentId,
                NotificationKinds.ModuleOpened))
            .ToList();
    }

    /// <summary>Opened modules the therapist added to the plan (the latest change per module decides; changes are rare).</summary>
    private async Task<HashSet<(Guid, string)>> AddedAsync(CancellationToken ct)
    {
        var changes = await (
            from c in db.PlanChanges
            join o in db.ModuleOpenings on new { c.EnrollmentId, c.ModuleId } equals new { o.EnrollmentId, o.ModuleId }
            select c).AsNoTracking().ToListAsync(ct);
        return changes.GroupBy(c => c.EnrollmentId)
            .SelectMany(g => PatientPlan.AddedFrom(g).Select(module => (g.Key, module)))
            .ToHashSet();
    }
}
