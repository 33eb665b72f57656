using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Feedback;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Reading;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.Admin;

/// <summary>
/// Patients' free-text page comments for the clinic admin: no names, only the text with program, page and date; newest
/// first, paged. A comment may be forwarded to the content team after the admin has edited out anything identifying and
/// confirmed it; only that edited text leaves Delivery (with the next feedback report, sent at once).
/// </summary>
[Authorize(Policy = DeliveryRoles.ClinicAdmin)]
public sealed class FeedbackModel(ForwardedComments comments, ReleaseStore releases, FeedbackPush push, UserManager<DeliveryUser> users,
    IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public long? Forward { get; set; }

    public IReadOnlyList<CommentRow> Rows { get; private set; } = [];
    public bool HasMore { get; private set; }
    public CommentRow? Forwarding { get; private set; }
    public string ForwardText { get; private set; } = "";
    public string? Error { get; private set; }
    public string? Notice { get; private set; }
    private readonly Dictionary<(string, int), ProgramRelease?> _releases = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Notice = Request.Query["done"].ToString() switch
        {
            "forwarded" => s["FeedbackForwarded"].Value,
            "sent" => s["FeedbackReportSent"].Value,
            "not-sent" => s["FeedbackReportNotSent"].Value,
            _ => null,
        };
        await LoadAsync(ct);
        ForwardText = Forwarding?.Comment ?? "";
    }

    public async Task<IActionResult> OnPostForwardAsync(long id, string? text, bool confirmed, CancellationToken ct)
    {
        var me = await users.GetUserAsync(User);
        var outcome = await comments.ForwardAsync(id, text, confirmed, me!.Id, me.DisplayName, ct);
        if (outcome == ForwardOutcome.Forwarded)
        {
            _ = push.PushAsync(CancellationToken.None); // never throws; the timer retries if the Cms is away
            return Redirect("/admin/feedback?done=forwarded");
        }
        if (outcome == ForwardOutcome.NotFound)
        {
            return NotFound();
        }
        Forward = id;
        Error = outcome switch
        {
            ForwardOutcome.NotConfirmed => s["FeedbackForwardConfirmMissing"],
            ForwardOutcome.TooLong => s["PageCommentTooLong", Contract.Feedback.FeedbackRules.MaxCommentLength],
            _ => s["FeedbackForwardEmpty"],
        };
        Response.StatusCode = 400;
        await LoadAsync(ct);
        ForwardText = text ?? "";
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken ct) =>
        Redirect("/admin/feedback?done=" + (await push.PushAsync(ct) ? "sent" : "not-sent"));

    public string ProgramTitle(CommentRow row) => Release(row)?.Content is { } c ? Resolve(c, c.Title) : row.ProgramId;

    public string PageTitle(CommentRow row) =>
        Release(row)?.Content is { } c && c.Modules.SelectMany(m => m.Pages).FirstOrDefault(p => p.Id == row.PageId) is { } page
            ? Resolve(c, page.Title) : row.PageId;

    private static string Resolve(ProgramContent content, LocalizedText text) =>
        text.Resolve(PageComposer.Language, content.FallbackFor(PageComposer.Language));

    private ProgramRelease? Release(CommentRow row) => _releases.GetValueOrDefault((row.ProgramId, row.Release));

    private async Task LoadAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        (Rows, HasMore) = await comments.ListAsync(PageNumber, ct);
        if (Forward is { } id)
        {
            Forwarding = await comments.FindAsync(id, ct);
        }
        foreach (var row in Rows.Append(Forwarding).OfType<CommentRow>())
        {
            if (!_releases.ContainsKey((row.ProgramId, row.Release)))
            {
                _releases[(row.ProgramId, row.Release)] = await releases.GetAsync(row.ProgramId, row.Release, ct);
            }
        }
    }
}
