using ContentPlatform.Cms.Identity;
using ContentPlatform.Platform.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Cms.Pages.Admin;

/// <summary>Mails that keep failing (the shared outbox list), for the Cms's admins.</summary>
[Authorize(Policy = StaffRoles.Admin)]
public sealed class MailModel(MailOutboxStatus status) : PageModel
{
    public MailOutboxView Outbox { get; private set; } = new(MailMode.Held, 0, []);

    public async Task OnGetAsync(CancellationToken ct) => Outbox = await MailOutboxView.LoadAsync(status, ct);
}
