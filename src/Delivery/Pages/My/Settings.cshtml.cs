using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Notifications;
using ContentPlatform.Delivery.Progress;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.My;

/// <summary>
/// The patient's notification settings (channels, phone number, quiet hours) and the list of what was sent when. Always
/// the signed-in patient's own: nothing in the request names a patient.
/// </summary>
public sealed class SettingsModel(NotificationHistory history, IStringLocalizer<SharedResource> s) : PageModel
{
    public PreferenceChoice Choice { get; private set; } = null!;
    public IReadOnlyList<NotificationRow> Sent { get; private set; } = [];
    public string? Error { get; private set; }
    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(bool email, bool sms, string? phone, int quietFrom, int quietUntil, CancellationToken ct)
    {
        var patientId = PatientEnrollments.UserId(User)!;
        var normalized = string.IsNullOrWhiteSpace(phone) ? null : NorwegianMobile.Normalize(phone);
        if (quietFrom is < 0 or > 23 || quietUntil is < 0 or > 23)
        {
            Error = s["NotifyQuietInvalid"];
        }
        else if (!string.IsNullOrWhiteSpace(phone) && normalized is null)
        {
            Error = s["NotifyPhoneInvalid"];
        }
        else if (sms && normalized is null)
        {
            Error = s["NotifyPhoneRequired"];
        }
        if (Error is not null)
        {
            await LoadAsync(ct);
            Choice = new(email, sms, phone, quietFrom, quietUntil, Choice.Saved);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await history.SavePreferencesAsync(patientId, email, sms, normalized, quietFrom, quietUntil, ct);
        return RedirectToPage(new { saved = true });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var patientId = PatientEnrollments.UserId(User)!;
        Choice = await history.PreferencesAsync(patientId, ct);
        Sent = await history.ForPatientAsync(patientId, ct);
    }
}
