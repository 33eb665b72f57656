using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Workload;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.Staff;

/// <summary>
/// The therapist's recorded time this week (measured from their own actions, <see cref="WorkClock"/>), with a way to
/// correct an entry; a clinic admin also sees the week's load per therapist. Nobody else's entries are ever listed.
/// </summary>
public sealed class WorkloadModel(WorkClock work, WeekLoad load, IStringLocalizer<SharedResource> s) : PageModel
{
    public Week Week { get; private set; } = null!;
    public IReadOnlyList<MyEntry> Entries { get; private set; } = [];

    /// <summary>Null unless the viewer is a clinic admin.</summary>
    public IReadOnlyList<TherapistLoad>? Therapists { get; private set; }

    public string? Notice { get; private set; }
    public string? Error { get; private set; }
    public int Total => Entries.Sum(e => e.Minutes);

    public async Task<IActionResult> OnGetAsync(bool corrected, CancellationToken ct)
    {
        Notice = corrected ? s["TimeCorrected"].Value : null;
        await LoadAsync(leaving: true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCorrectAsync(long entryId, int? minutes, CancellationToken ct)
    {
        var outcome = minutes is null ? CorrectionOutcome.OutOfRange
            : await load.CorrectAsync(PatientEnrollments.UserId(User)!, entryId, minutes.Value, ct);
        switch (outcome)
        {
            case CorrectionOutcome.Corrected or CorrectionOutcome.Unchanged:
                return Redirect("/staff/workload?corrected=true#entry-" + entryId);
            case CorrectionOutcome.NotFound:
                return NotFound();
            default:
                Error = s["TimeOutOfRange", WeekLoad.MaxMinutes].Value;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                await LoadAsync(leaving: false, ct);
                return Page();
        }
    }

    private async Task LoadAsync(bool leaving, CancellationToken ct)
    {
        var staffId = PatientEnrollments.UserId(User)!;
        if (leaving)
        {
            await work.LeaveAsync(staffId, ct); // looking at one's own time is not time with the patient
        }
        await work.CloseAbandonedAsync(ct);
        Week = load.ThisWeek();
        Entries = await load.MineAsync(staffId, Week, ct);
        if (User.IsInRole(DeliveryRoles.ClinicAdmin))
        {
            Therapists = await load.PerTherapistAsync(Week, ct);
        }
    }
}
