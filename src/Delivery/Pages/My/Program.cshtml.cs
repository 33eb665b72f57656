using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Pages.My;

/// <summary>A program's modules with their states and, for a locked one, why.</summary>
public sealed class ProgramModel(PatientEnrollments enrollments, DeliveryDbContext db) : PageModel
{
    /// <summary>The therapist's feedback per module, shown where the patient reads the module list.</summary>
    public ILookup<string, HomeworkFeedback> Feedback { get; private set; } = Enumerable.Empty<HomeworkFeedback>().ToLookup(f => f.ModuleId);

    public PatientProgram Program { get; private set; } = null!;
    public string? JustCompleted { get; private set; }
    public string? TriedLocked { get; private set; }

    /// <summary>A questionnaire on the plan was just sent (Pages/My/Plan redirects here).</summary>
    public string? Sent { get; private set; }
    public string Language => PageComposer.Language;

    public string T(LocalizedText text) => text.Resolve(Language, Program.Content.FallbackFor(Language));

    public async Task<IActionResult> OnGetAsync(Guid enrollmentId, string? completed, string? locked, string? sent, CancellationToken ct)
    {
        if (await enrollments.FindAsync(User, enrollmentId, ct) is not { } program)
        {
            return NotFound();
        }
        Program = program;
        Feedback = (await db.HomeworkFeedback.AsNoTracking().Where(f => f.EnrollmentId == enrollmentId).OrderBy(f => f.Id).ToListAsync(ct))
            .ToLookup(f => f.ModuleId);
        JustCompleted = program.Module(completed ?? "")?.Module.Title is { } c ? T(c) : null;
        TriedLocked = locked;
        Sent = sent;
        return Page();
    }

    /// <summary>Where "open" goes: the page the patient last read in that module, else its first page.</summary>
    public string ModuleUrl(ModuleStatus status)
    {
        var pageId = Program.Enrollment.LastModuleId == status.Module.Id && status.Module.Pages.Any(p => p.Id == Program.Enrollment.LastPageId)
            ? Program.Enrollment.LastPageId!
            : status.Module.Pages[0].Id;
        return $"/my/{Program.Enrollment.Id}/{Uri.EscapeDataString(status.Module.Id)}/{Uri.EscapeDataString(pageId)}";
    }
}
