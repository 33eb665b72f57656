using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Delivery.Pages;

public sealed class IndexModel(UserManager<DeliveryUser> users, PatientEnrollments enrollments, MessageService messages) : PageModel
{
    /// <summary>Null for a visitor who has not signed in.</summary>
    public string? DisplayName { get; private set; }

    public IReadOnlyList<PatientProgram> Programs { get; private set; } = [];
    public bool IsStaff { get; private set; }

    /// <summary>Unread messages from the care team, per enrollment.</summary>
    public IReadOnlyDictionary<Guid, int> Unread { get; private set; } = new Dictionary<Guid, int>();
    public string Language => PageComposer.Language;

    public string T(PatientProgram p, LocalizedText text) => text.Resolve(Language, p.Content.FallbackFor(Language));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user)
        {
            DisplayName = user.DisplayName is { Length: > 0 } name ? name : user.Email;
            IsStaff = User.IsInRole(DeliveryRoles.Therapist) || User.IsInRole(DeliveryRoles.ClinicAdmin);
            if (IsStaff && !User.IsInRole(DeliveryRoles.Patient))
            {
                return LocalRedirect("/staff"); // a therapist's home is the caseload
            }
            if (User.IsInRole(DeliveryRoles.Analyst) && !User.IsInRole(DeliveryRoles.Patient))
            {
                return LocalRedirect("/analytics"); // an analyst has no programs: her home is the indicators
            }
            Programs = await enrollments.AllAsync(User, ct);
            Unread = await messages.UnreadAsync(User, ct);
        }
        return Page();
    }

    public static int Percent(PatientProgram p) => p.Percent;

    /// <summary>
    /// When nothing is open to continue and the program is not finished: the module the patient waits for, whose lock
    /// reason says what happens next (the therapist opens it, or it opens on a date).
    /// </summary>
    public static ModuleStatus? WaitingFor(PatientProgram p) =>
        Continue(p) is null ? p.Modules.FirstOrDefault(m => m.State == ModuleState.Locked) : null;

    /// <summary>"Continue where you left off": the last page read, else the first open module's first page.</summary>
    public static (string Url, ModuleStatus Module)? Continue(PatientProgram p)
    {
        var last = p.Modules.FirstOrDefault(m => m.Module.Id == p.Enrollment.LastModuleId && m.IsAvailable);
        if (last is not null && last.State != ModuleState.Completed && last.Module.Pages.Any(x => x.Id == p.Enrollment.LastPageId))
        {
            return ($"/my/{p.Enrollment.Id}/{last.Module.Id}/{p.Enrollment.LastPageId}", last);
        }
        var next = p.Modules.FirstOrDefault(m => m.State == ModuleState.Open);
        return next is null ? null : ($"/my/{p.Enrollment.Id}/{next.Module.Id}/{next.Module.Pages[0].Id}", next);
    }
}
