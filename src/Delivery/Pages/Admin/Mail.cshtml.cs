using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Delivery.Pages.Admin;

/// <summary>Mails that keep failing (the shared outbox list), for clinic admins.</summary>
[Authorize(Policy = DeliveryRoles.ClinicAdmin)]
public sealed class MailModel(MailOutboxStatus status) : PageModel
{
    public MailOutboxView Outbox { get; private set; } = new(MailMode.Held, 0, []);

    public async Task OnGetAsync(CancellationToken ct) => Outbox = await MailOutboxView.LoadAsync(status, ct);
}
