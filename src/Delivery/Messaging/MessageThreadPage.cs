using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Messaging;

/// <summary>
/// What the patient's and the therapist's thread pages share: the thread, the send form (a plain form post that works
/// without JavaScript; the page script sends the same fields over the API and adds live delivery), and marking the
/// other side's messages as read when the page is shown.
/// </summary>
public abstract class MessageThreadPage(MessageService messages, ReleaseStore releases, DeliveryDbContext db, IStringLocalizer<SharedResource> s)
    : PageModel
{
    protected MessageService Messages => messages;
    protected DeliveryDbContext Db => db;

    public ThreadAccess Access { get; private set; } = null!;
    public ProgramContent? Program { get; private set; }
    public IReadOnlyList<MessageView> Thread { get; private set; } = [];
    public string ProgramTitle => Program?.Title.Resolve(Language, Program.FallbackFor(Language)) ?? "";
    public string PatientName { get; private set; } = "";
    public string? CurrentModuleId { get; private set; }
    public string Language => PageComposer.Language;

    [BindProperty]
    public string? Body { get; set; }

    /// <summary>Chosen when the form is drawn, so posting the same form twice stores one message.</summary>
    [BindProperty]
    public Guid ClientId { get; set; }

    public string? Error { get; private set; }
    public bool JustSent { get; private set; }

    /// <summary>True when this message was written by the side viewing the page (it may carry a read receipt).</summary>
    public bool IsMine(MessageView m) => m.FromPatient == Access.AsPatient;

    protected async Task<bool> LoadAsync(Guid enrollmentId, CancellationToken ct)
    {
        if (await messages.AccessAsync(User, enrollmentId, ct) is not { } access)
        {
            return false;
        }
        Access = access;
        Program = (await releases.LatestAsync(access.ProgramId, ct))?.Content;
        var enrollment = await db.Enrollments.AsNoTracking().Where(e => e.Id == enrollmentId)
            .Select(e => new { e.LastModuleId, e.InviteeName }).FirstAsync(ct);
        CurrentModuleId = enrollment.LastModuleId;
        PatientName = await db.Users.AsNoTracking().Where(u => u.Id == access.PatientId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct)
            is { Length: > 0 } name ? name : enrollment.InviteeName;
        Thread = await messages.ThreadAsync(access, 0, ct);
        if (ClientId == Guid.Empty)
        {
            ClientId = Guid.NewGuid();
        }
        return true;
    }

    protected async Task<IActionResult> ShowAsync(Guid enrollmentId, bool sent, CancellationToken ct)
    {
        if (!await LoadAsync(enrollmentId, ct))
        {
            return NotFound();
        }
        JustSent = sent;
        if (Thread.Count > 0)
        {
            await messages.MarkReadAsync(Access, Thread[^1].Id, ct);
        }
        return Page();
    }

    protected async Task<IActionResult> SendAsync(Guid enrollmentId, CancellationToken ct)
    {
        if (!await LoadAsync(enrollmentId, ct))
        {
            return NotFound();
        }
        var result = await messages.SendAsync(Access, Body, ClientId, ct);
        if (result.Problem != SendProblem.None)
        {
            Error = result.Problem == SendProblem.Empty ? s["MessageEmpty"] : s["MessageTooLong", Message.MaxLength];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect($"{Request.Path}?sent=1#message-{result.Message!.Id}");
    }
}
