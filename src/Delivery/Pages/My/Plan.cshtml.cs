using System.Globalization;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Rendering;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Delivery.Schedules;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.My;

/// <summary>
/// A questionnaire on the plan, answered outside a module page: one that is due now (weekly, module start, program end),
/// or a follow-up program's check-in, which the patient may send at any time ("Send inn nå"). Anything else is 404.
/// </summary>
public sealed class PlanModel(PatientEnrollments enrollments, DueQuestionnaires due, AnswerService answers, PageComposer composer,
    IAntiforgery antiforgery, TimeProvider clock, IStringLocalizer<SharedResource> s) : PageModel
{
    private const string BlockId = "plan";
    private readonly Dictionary<string, string> _posted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _notices = new(StringComparer.Ordinal);

    [BindProperty(SupportsGet = true)] public Guid EnrollmentId { get; set; }
    [BindProperty(SupportsGet = true)] public string QuestionnaireId { get; set; } = "";

    public PatientProgram Program { get; private set; } = null!;
    public string ContentHtml { get; private set; } = "";
    public string Language => PageComposer.Language;
    public string T(LocalizedText text) => text.Resolve(Language, Program.Content.FallbackFor(Language));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OccurrenceAsync(ct) is null)
        {
            return NotFound();
        }
        Compose();
        return Page();
    }

    public async Task<IActionResult> OnPostQuestionnaireAsync(Guid submissionId, CancellationToken ct)
    {
        if (await OccurrenceAsync(ct) is not { } occurrence)
        {
            return NotFound();
        }
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in Request.Form.Keys.Where(k => k.StartsWith("q.", StringComparison.Ordinal)))
        {
            if (int.TryParse(Request.Form[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                values[key[2..]] = v;
                _posted[key[2..]] = v.ToString(CultureInfo.InvariantCulture);
            }
        }
        var outcome = await answers.SubmitPlannedAsync(Program, QuestionnaireId, occurrence, values, submissionId, ct);
        if (outcome.Outcome == SaveOutcome.Saved)
        {
            return Redirect($"/my/{EnrollmentId}?sent={Uri.EscapeDataString(QuestionnaireId)}");
        }
        _notices[BlockId] = $"<div class=\"alert alert-error\" role=\"alert\">{HtmlWriter.Encode(s["AnswerEveryQuestion", outcome.Unanswered?.Count ?? 0])}</div>";
        Response.StatusCode = 400;
        Compose();
        return Page();
    }

    /// <summary>The occurrence an answer now would close; null when this questionnaire may not be answered here now.</summary>
    private async Task<string?> OccurrenceAsync(CancellationToken ct)
    {
        if (await enrollments.FindAsync(User, EnrollmentId, ct) is not { } program)
        {
            return null;
        }
        Program = program;
        var open = (await due.ForEnrollmentsAsync([EnrollmentId], clock.GetUtcNow(), ct)).FirstOrDefault(d => d.Questionnaire.Id == QuestionnaireId);
        if (open is not null)
        {
            return open.OccurrenceKey;
        }
        return program.Content is { Kind: ProgramKind.FollowUp, CheckIns: { } checkIns } && checkIns.Questionnaires.Contains(QuestionnaireId)
               && program.Content.Questionnaires.Any(q => q.Id == QuestionnaireId)
            ? QuestionnaireResult.OwnInitiative
            : null;
    }

    private void Compose()
    {
        PatientPageCache.DoNotCache(HttpContext); // the form carries a one-time submission id
        var tokens = antiforgery.GetAndStoreTokens(HttpContext);
        var form = new FormTarget($"/my/{EnrollmentId}/plan/{Uri.EscapeDataString(QuestionnaireId)}", tokens.FormFieldName, tokens.RequestToken!,
            Program.Release.Number, Guid.NewGuid().ToString());
        var page = new PageContent { Id = BlockId, Blocks = [new QuestionnaireBlock { Id = BlockId, Ref = QuestionnaireId }] };
        ContentHtml = composer.Render(Program.Release, page, Language, form, (_, field) => _posted.GetValueOrDefault(field), _notices);
    }
}
