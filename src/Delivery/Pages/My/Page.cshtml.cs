using System.Globalization;
using System.Text.Json;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Contract.Rendering;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.My;

/// <summary>One page of a module, server-rendered from the release the enrollment follows; every form works without JavaScript.</summary>
[OutputCache(PolicyName = PatientPageCache.PolicyName)]
public sealed class PageViewModel(PatientEnrollments enrollments, AnswerService answers, PageComposer composer, IAntiforgery antiforgery,
    DeliveryDbContext db, ViewRecorder views, PatientPageCache pageCache, IStringLocalizer<SharedResource> s, NorwegianTime time,
    Safety.PatientSafety safety) : PageModel
{
    private readonly Dictionary<string, string> _notices = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Block, string Field), string> _posted = [];

    [BindProperty(SupportsGet = true)] public Guid EnrollmentId { get; set; }
    [BindProperty(SupportsGet = true)] public string ModuleId { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string PageId { get; set; } = "";

    public PatientProgram Program { get; private set; } = null!;
    public ModuleStatus Module { get; private set; } = null!;
    public PageContent? Current { get; private set; }
    public int PageIndex { get; private set; }
    public string? PreviousUrl { get; private set; }
    public string? NextUrl { get; private set; }
    public string ContentHtml { get; private set; } = "";
    public string? PageError { get; private set; }

    /// <summary>A page-level message, for a save whose block this release no longer shows.</summary>
    public string? PageNotice { get; private set; }
    public bool IsLastPage => Current is not null && PageIndex == Module.Module.Pages.Count - 1;
    public string Language => PageComposer.Language;

    /// <summary>The stored autosave sequence per block and field ({"block":{"field":n}}): the page script numbers its saves after it.</summary>
    public string SequencesJson { get; private set; } = "{}";

    public string T(LocalizedText text) => text.Resolve(Language, Program.Content.FallbackFor(Language));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        if (Program.Enrollment.LastPageId != PageId || Program.Enrollment.LastModuleId != ModuleId)
        {
            // Only moving to another page is a "viewed" statement: reloading writes nothing.
            await views.RecordAsync(EnrollmentId, ModuleId, PageId, Program.Release.Number, ct);
            // A cached copy of another page would skip its own "viewed" statement: moving on evicts this enrollment's
            // pages (this response is stored from the next reload on).
            await pageCache.EvictEnrollmentAsync(EnrollmentId, ct);
        }
        await ComposeAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(string blockId, int release, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        var block = Program.Content.AllBlocks().Select(b => b.Block).FirstOrDefault(b => b.Id == blockId);
        var fieldIds = block is null ? Request.Form.Keys.Where(k => k.StartsWith("f.", StringComparison.Ordinal)).Select(k => k[2..]).ToHashSet()
            : AnswerService.FieldIds(block);
        var fields = fieldIds.ToDictionary(f => f, f => Request.Form["f." + f].ToString());
        var outcome = await answers.SaveAsync(Program, blockId, fields, release, Language, ct, PostedSequences(fields.Keys));
        return await AfterSaveAsync(outcome.Outcome, blockId, fields, ct);
    }

    public async Task<IActionResult> OnPostQuizAsync(string blockId, int release, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        var fields = new Dictionary<string, string> { ["choice"] = string.Join(',', Request.Form["choice"].Where(c => !string.IsNullOrEmpty(c))) };
        var outcome = await answers.SaveAsync(Program, blockId, fields, release, Language, ct);
        return await AfterSaveAsync(outcome.Outcome, blockId, fields, ct);
    }

    public async Task<IActionResult> OnPostQuestionnaireAsync(string blockId, int release, Guid submissionId, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in Request.Form.Keys.Where(k => k.StartsWith("q.", StringComparison.Ordinal)))
        {
            if (int.TryParse(Request.Form[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                values[key[2..]] = v;
            }
        }
        var outcome = await answers.SubmitQuestionnaireAsync(Program, blockId, values, submissionId, release, ct);
        if (outcome.Outcome is SaveOutcome.Saved or SaveOutcome.SavedFromOlderRelease)
        {
            return Redirect($"{PageUrl(ModuleId, PageId)}?saved={Uri.EscapeDataString(blockId)}#b-{blockId}");
        }
        foreach (var (item, value) in values)
        {
            _posted[(blockId, item)] = value.ToString(CultureInfo.InvariantCulture);
        }
        _notices[blockId] = outcome.Outcome switch
        {
            SaveOutcome.Incomplete => Error(s["AnswerEveryQuestion", outcome.Unanswered?.Count ?? 0]),
            SaveOutcome.ModuleLocked => Error(s["ModuleLockedSave"]),
            _ => Error(s["BlockGone"]),
        };
        Response.StatusCode = outcome.Outcome == SaveOutcome.ModuleLocked ? 403 : 400;
        await ComposeAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCompleteAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        var (outcome, missing) = await answers.CompleteModuleAsync(Program, ModuleId, ct);
        if (outcome == SaveOutcome.Saved)
        {
            return Redirect($"/my/{EnrollmentId}?completed={Uri.EscapeDataString(ModuleId)}");
        }
        var titles = missing.Select(q => Program.Content.Questionnaires.FirstOrDefault(d => d.Id == q.Ref)?.Title is { } t ? T(t) : q.Ref);
        PageError = s["CompleteNeedsQuestionnaires", string.Join(", ", titles)];
        Response.StatusCode = 400;
        await ComposeAsync(ct);
        return Page();
    }

    /// <summary>"Var denne sida nyttig?" without JavaScript (the page script posts the same to the feedback API).</summary>
    public async Task<IActionResult> OnPostFeedbackAsync([FromServices] Feedback.PageFeedbackService feedback, bool? useful, string? comment,
        bool remove, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        var outcome = remove ? await feedback.RemoveAsync(Program, PageId, ct) : await feedback.SaveAsync(Program, ModuleId, PageId, useful, comment, ct);
        if (outcome is Feedback.FeedbackOutcome.Saved or Feedback.FeedbackOutcome.Removed)
        {
            return Redirect($"{PageUrl(ModuleId, PageId)}?feedback={(remove ? "removed" : "saved")}#page-feedback");
        }
        FeedbackError = Feedback.FeedbackEndpoints.Message(outcome, s);
        FeedbackPosted = (useful, comment); // shown again as written, so nothing typed is lost
        Response.StatusCode = 400;
        await ComposeAsync(ct);
        return Page();
    }

    public string? FeedbackError { get; private set; }
    public (bool? Useful, string? Comment) FeedbackPosted { get; private set; }

    /// <summary>The thanks after a feedback form posted without JavaScript (the redirect's ?feedback=).</summary>
    public string? FeedbackNotice => Request.Query["feedback"].ToString() switch
    {
        "saved" => s["FeedbackThanks"].Value,
        "removed" => s["FeedbackRemoved"].Value,
        _ => null,
    };

    /// <summary>
    /// The sequence numbers the page script adds to a form it lets post ("seq.field"); null for a form posted without
    /// JavaScript, which always writes.
    /// </summary>
    private Dictionary<string, long>? PostedSequences(IEnumerable<string> fieldIds)
    {
        var posted = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var field in fieldIds)
        {
            if (long.TryParse(Request.Form["seq." + field], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                posted[field] = n;
            }
        }
        return posted.Count > 0 ? posted : null;
    }

    public string PageUrl(string moduleId, string pageId) =>
        $"/my/{EnrollmentId}/{Uri.EscapeDataString(moduleId)}/{Uri.EscapeDataString(pageId)}";

    private async Task<IActionResult> AfterSaveAsync(SaveOutcome outcome, string blockId, Dictionary<string, string> fields, CancellationToken ct)
    {
        if (outcome is SaveOutcome.Saved)
        {
            return Redirect($"{PageUrl(ModuleId, PageId)}?saved={Uri.EscapeDataString(blockId)}#b-{blockId}");
        }
        if (outcome is SaveOutcome.SavedFromOlderRelease)
        {
            PageNotice = s["SavedAfterNewRelease"];
        }
        // Anything not saved is shown again exactly as posted, so no text is lost.
        foreach (var (field, value) in fields)
        {
            _posted[(blockId, field)] = value;
        }
        _notices[blockId] = outcome switch
        {
            SaveOutcome.SavedFromOlderRelease => Ok(s["SavedAfterNewRelease"]),
            SaveOutcome.TooLong => Error(s["AnswerTooLong", AnswerService.MaxLength]),
            SaveOutcome.ModuleLocked => Error(s["ModuleLockedSave"]),
            SaveOutcome.Stale => Error(s["AnswerStale"]),
            _ => Error(s["BlockGone"]),
        };
        Response.StatusCode = outcome switch
        {
            SaveOutcome.SavedFromOlderRelease => 200,
            SaveOutcome.ModuleLocked => 403,
            SaveOutcome.Stale => 409,
            _ => 400,
        };
        await ComposeAsync(ct);
        return Page();
    }

    /// <summary>Null when the page may be shown; otherwise the response: 404 for anything not the patient's, 403 for a locked module.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var program = await enrollments.FindAsync(User, EnrollmentId, ct);
        if (program?.Module(ModuleId) is not { } module)
        {
            return NotFound();
        }
        Program = program;
        Module = module;
        PageIndex = module.Module.Pages.ToList().FindIndex(p => p.Id == PageId);
        if (PageIndex < 0)
        {
            return NotFound();
        }
        if (!module.IsAvailable)
        {
            return RedirectToPage("/My/Program", new { enrollmentId = EnrollmentId, locked = ModuleId });
        }
        Current = module.Module.Pages[PageIndex];
        var pages = module.Module.Pages;
        PreviousUrl = PageIndex > 0 ? PageUrl(ModuleId, pages[PageIndex - 1].Id) : null;
        NextUrl = PageIndex < pages.Count - 1 ? PageUrl(ModuleId, pages[PageIndex + 1].Id) : null;
        return null;
    }

    private async Task ComposeAsync(CancellationToken ct)
    {
        var page = Current!;
        var blockIds = page.Blocks.Select(b => b.Id).ToList();
        var saved = await db.Answers.AsNoTracking().Where(a => a.EnrollmentId == EnrollmentId && blockIds.Contains(a.BlockId))
            .Select(a => new { a.BlockId, a.FieldId, a.Value, a.Sequence }).ToListAsync(ct);
        var values = saved.ToDictionary(a => (a.BlockId, a.FieldId), a => a.Value);
        SequencesJson = JsonSerializer.Serialize(saved.GroupBy(a => a.BlockId)
            .ToDictionary(g => g.Key, g => g.ToDictionary(a => a.FieldId, a => a.Sequence)));
        foreach (var (key, value) in _posted)
        {
            values[key] = value;
        }
        await AddQuestionnaireNoticesAsync(page, ct);
        if (Request.Query["saved"].ToString() is { Length: > 0 } savedBlock && !_notices.ContainsKey(savedBlock))
        {
            _notices[savedBlock] = Ok(s["Saved"]);
        }
        if (page.Blocks.OfType<QuestionnaireBlock>().Any())
        {
            PatientPageCache.DoNotCache(HttpContext); // its form carries a one-time submission id (two tabs are two submissions)
        }
        var tokens = antiforgery.GetAndStoreTokens(HttpContext);
        var form = new FormTarget(PageUrl(ModuleId, PageId), tokens.FormFieldName, tokens.RequestToken!, Program.Release.Number,
            Guid.NewGuid().ToString());
        ContentHtml = composer.Render(Program.Release, page, Language, form,
            (block, field) => values.GetValueOrDefault((block, field)), _notices);
    }

    private async Task AddQuestionnaireNoticesAsync(PageContent page, CancellationToken ct)
    {
        var blocks = page.Blocks.OfType<QuestionnaireBlock>().ToList();
        if (blocks.Count == 0)
        {
            return;
        }
        var ids = blocks.Select(b => b.Id).ToList();
        var results = await db.QuestionnaireResults.AsNoTracking()
            .Where(r => r.EnrollmentId == EnrollmentId && ids.Contains(r.BlockId)).ToListAsync(ct);
        foreach (var block in blocks)
        {
            var latest = results.Where(r => r.BlockId == block.Id).MaxBy(r => r.Id);
            var definition = Program.Content.Questionnaires.FirstOrDefault(q => q.Id == block.Ref);
            if (latest is null || definition is null || _notices.ContainsKey(block.Id))
            {
                continue;
            }
            // A safety message goes first and stays until the care team has handled the alert (see Safety/PatientSafety).
            var safetyHtml = SafetyHtml(await safety.ForPageAsync(Program.Enrollment.ProgramId, latest,
                Request.Query["saved"].ToString() == block.Id, Language, ct));
            var when = time.Date(latest.SubmittedAt);
            if (definition.ShowResultToPatient && latest.BandLabelJson is not null)
            {
                var label = JsonSerializer.Deserialize<LocalizedText>(latest.BandLabelJson, ContractJson.Options) ?? new();
                _notices[block.Id] = safetyHtml + Ok(s["QuestionnaireResult", when, latest.Total, latest.MaxTotal, T(label)], "result");
            }
            else
            {
                _notices[block.Id] = safetyHtml + Ok(s["QuestionnaireSent", when], "result");
            }
        }
    }

    private static string Ok(string text, string kind = "saved") =>
        $"<p class=\"notice notice-{kind}\" role=\"status\">{HtmlWriter.Encode(text)}</p>";

    /// <summary>The messages are the editor's Markdown through the safe renderer (no raw HTML); the heading is ours.</summary>
    private string SafetyHtml(IReadOnlyList<string> messages) => messages.Count == 0 ? ""
        : $"<div class=\"alert safety-message\" role=\"alert\"><p class=\"safety-title\"><strong>{HtmlWriter.Encode(s["SafetyHeading"])}</strong></p>{string.Concat(messages)}</div>";

    private static string Error(string text) => $"<div class=\"alert alert-error\" role=\"alert\">{HtmlWriter.Encode(text)}</div>";
}
