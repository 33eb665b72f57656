using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.Progress;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Pages.Staff.Messages;

public sealed record ThreadSummary(Guid EnrollmentId, string PatientName, int Unread, DateTimeOffset? LastAt, bool LastFromPatient);

/// <summary>
/// The threads of the signed-in member of staff's care teams, unread first, then the longest-waiting. The caseload is the
/// main workspace; this is the plain list of conversations.
/// </summary>
public sealed class IndexModel(DeliveryDbContext db, CareTeamAccess careTeams, MessageService messages) : PageModel
{
    public IReadOnlyList<ThreadSummary> Threads { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staffId = PatientEnrollments.UserId(User)!;
        var mine = careTeams.EnrollmentsOf(staffId);
        var rows = await db.Enrollments.AsNoTracking()
            .Where(e => mine.Contains(e.Id) && e.PatientId != null)
            .Select(e => new
            {
                e.Id,
                Name = db.Users.Where(u => u.Id == e.PatientId).Select(u => u.DisplayName).FirstOrDefault() ?? e.InviteeName,
                Last = db.Messages.Where(m => m.EnrollmentId == e.Id).OrderByDescending(m => m.Id)
                    .Select(m => new { m.SentAt, m.FromPatient }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var unread = await messages.UnreadAsync(User, ct);
        Threads = rows.Select(r => new ThreadSummary(r.Id, r.Name, unread.GetValueOrDefault(r.Id), r.Last?.SentAt, r.Last?.FromPatient ?? false))
            .OrderByDescending(t => t.Unread > 0).ThenBy(t => t.LastFromPatient ? t.LastAt : DateTimeOffset.MaxValue).ThenBy(t => t.PatientName)
            .ToList();
    }
}
