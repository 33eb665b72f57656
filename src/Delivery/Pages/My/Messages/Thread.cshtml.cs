using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Messaging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.My.Messages;

/// <summary>The patient's thread with the care team of one enrollment, with the promised reply time.</summary>
public sealed class ThreadModel(MessageService messages, ReleaseStore releases, DeliveryDbContext db, IStringLocalizer<SharedResource> s)
    : MessageThreadPage(messages, releases, db, s)
{
    public int? ReplyTimeDays => Program?.ReplyTimeDays;

    public Task<IActionResult> OnGetAsync(Guid enrollmentId, bool sent, CancellationToken ct) => ShowAsync(enrollmentId, sent, ct);

    public Task<IActionResult> OnPostAsync(Guid enrollmentId, CancellationToken ct) => SendAsync(enrollmentId, ct);
}
