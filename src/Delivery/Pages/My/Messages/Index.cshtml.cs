using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Delivery.Pages.My.Messages;

/// <summary>
/// The patient's threads: one per program with a care team (guided treatment, and follow-up, where the patient may write
/// on their own initiative between check-ins), with unread counts. With a single one, go straight to it.
/// </summary>
public sealed class IndexModel(PatientEnrollments enrollments, MessageService messages) : PageModel
{
    public IReadOnlyList<(PatientProgram Program, int Unread)> Threads { get; private set; } = [];

    public string T(PatientProgram p, LocalizedText text) => text.Resolve(PageComposer.Language, p.Content.FallbackFor(PageComposer.Language));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var unread = await messages.UnreadAsync(User, ct);
        Threads = (await enrollments.AllAsync(User, ct)).Where(p => p.Content.Kind != ProgramKind.Course)
            .Select(p => (p, unread.GetValueOrDefault(p.Enrollment.Id))).ToList();
        return Threads.Count == 1 ? Redirect($"/my/messages/{Threads[0].Program.Enrollment.Id}") : Page();
    }
}
