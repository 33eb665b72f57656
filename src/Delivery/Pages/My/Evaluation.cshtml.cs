using System.Globalization;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Feedback;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.My;

/// <summary>
/// The program's evaluation questionnaire at program end: a plain form (no JavaScript needed), offered once every module
/// is completed. Not clinical: no score or band is shown or stored, and the care team never sees the answers.
/// </summary>
public sealed class EvaluationModel(PatientEnrollments enrollments, EvaluationService evaluations, IStringLocalizer<SharedResource> s) : PageModel
{
    public PatientProgram Program { get; private set; } = null!;
    public QuestionnaireDefinition Definition { get; private set; } = null!;
    public IReadOnlyDictionary<string, int> Values { get; private set; } = new Dictionary<string, int>();
    public IReadOnlyList<string> Missing { get; private set; } = [];
    public bool Answered { get; private set; }
    public string? Notice { get; private set; }

    public string T(LocalizedText text) => text.Resolve(PageComposer.Language, Program.Content.FallbackFor(PageComposer.Language));

    public async Task<IActionResult> OnGetAsync(Guid enrollmentId, string questionnaireId, string? saved, CancellationToken ct)
    {
        if (await LoadAsync(enrollmentId, questionnaireId, ct) is { } refused)
        {
            return refused;
        }
        var stored = await evaluations.FindAsync(Program, questionnaireId, ct);
        Answered = stored is not null;
        Values = stored ?? new Dictionary<string, int>();
        Notice = saved is not null ? s["EvaluationThanks"].Value : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid enrollmentId, string questionnaireId, CancellationToken ct)
    {
        if (await LoadAsync(enrollmentId, questionnaireId, ct) is { } refused)
        {
            return refused;
        }
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in Definition.Items)
        {
            if (int.TryParse(Request.Form["q." + item.Id], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                values[item.Id] = v;
            }
        }
        Missing = await evaluations.SaveAsync(Program, Definition, values, ct);
        if (Missing.Count == 0)
        {
            return Redirect($"/my/{enrollmentId}/evaluation/{Uri.EscapeDataString(questionnaireId)}?saved=1");
        }
        Values = values;
        Response.StatusCode = 400;
        return Page();
    }

    /// <summary>404 for anything not the patient's or not an evaluation; before program end, back to the program page.</summary>
    private async Task<IActionResult?> LoadAsync(Guid enrollmentId, string questionnaireId, CancellationToken ct)
    {
        if (await enrollments.FindAsync(User, enrollmentId, ct) is not { } program
            || program.Content.Questionnaires.FirstOrDefault(q => q.Id == questionnaireId && QuestionnaireKinds.IsEvaluation(q)) is not { } definition)
        {
            return NotFound();
        }
        Program = program;
        Definition = definition;
        return EvaluationService.Offered(program).Contains(definition) ? null : Redirect($"/my/{enrollmentId}");
    }
}
