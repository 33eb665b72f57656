using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Delivery.MyData;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Delivery.Pages.MyData;

/// <summary>Everything stored about the patient, readable, with the staff access log (the law requires it be shown).</summary>
public sealed class IndexModel(PatientDataExport export, AccessLog accessLog, UserManager<DeliveryUser> users, ILogger<IndexModel> logger)
    : PageModel
{
    /// <summary>Patients may add an authenticator code to their sign-in; staff must.</summary>
    public bool TwoFactorEnabled { get; private set; }

    public PatientData Data { get; private set; } = null!;

    /// <summary>The patient sees not only the log but whether it is whole: a broken hash chain is shown, not hidden.</summary>
    public AccessLogCheck Check { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await export.CollectAsync(User, ct) is not { } data)
        {
            return Challenge();
        }
        Data = data;
        Check = await accessLog.VerifyAsync(data.Account.Id, ct);
        TwoFactorEnabled = await users.GetUserAsync(User) is { TwoFactorEnabled: true };
        if (!Check.Intact)
        {
            logger.LogCritical("Access log of patient {PatientId} fails verification from entry {Sequence}", data.Account.Id, Check.FirstBrokenSequence);
        }
        return Page();
    }
}
