using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.Workload;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.Staff.Messages;

/// <summary>
/// A care-team member's thread with one patient, with the program's reply templates (placeholders filled, editable before
/// sending). Link here from the caseload and the patient view: /staff/messages/{enrollmentId}.
/// </summary>
public sealed class ThreadModel(MessageService messages, ReleaseStore releases, DeliveryDbContext db, IStringLocalizer<SharedResource> s,
    WorkClock work)
    : MessageThreadPage(messages, releases, db, s)
{
    public IReadOnlyList<FilledTemplate> Templates { get; private set; } = [];
    public string? ChosenTemplate { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid enrollmentId, bool sent, string? template, CancellationToken ct)
    {
        var result = await ShowAsync(enrollmentId, sent, ct);
        if (result is PageResult)
        {
            // Reading the thread and writing the reply: the session ends when the reply is sent (MessageService) or on the next action.
            await work.OpenAsync(Access.UserId, enrollmentId, ct);
            FillTemplates();
            // Without JavaScript, "use template" is a GET that puts the filled text in the box; the script does it in place.
            if (Templates.FirstOrDefault(t => t.Id == template) is { } chosen)
            {
                ChosenTemplate = chosen.Id;
                Body = chosen.Body;
            }
        }
        return result;
    }

    public async Task<IActionResult> OnPostAsync(Guid enrollmentId, CancellationToken ct)
    {
        var result = await SendAsync(enrollmentId, ct);
        if (result is PageResult)
        {
            FillTemplates();
        }
        return result;
    }

    private void FillTemplates() =>
        Templates = Program is null ? [] : ReplyTemplates.Fill(Program, Language, PatientName, CurrentModuleId);
}
