using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Delivery.Tailoring;
using ContentPlatform.Delivery.Workload;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.Staff;

/// <summary>The patient view's open reasons with their handle forms, and the handled history.</summary>
public sealed record HandleReasonsView(IReadOnlyList<Reason> Reasons, IReadOnlyList<HandledReason> Handled, string? TypedKey, string? TypedNote);

public sealed record ScoreSeries(string QuestionnaireId, string Title, int Max, IReadOnlyList<(DateTimeOffset At, int Total, string? Light)> Points);

/// <summary>
/// One patient in one program, for their care team: progress per module (and opening the next), homework answers with the
/// text the patient saw, scores over time, feedback, clinical notes and the care team. Every GET is written to the access log.
/// </summary>
public sealed class PatientModel(PatientRecord record, ModuleOpener opener, UserManager<DeliveryUser> users, IStringLocalizer<SharedResource> s,
    AlertHandling handling, PatientPlans plans, PlanEditor planEditor, WorkClock work) : PageModel
{
    /// <summary>Who added or hid optional modules in this patient's plan, newest first (the "Plan" section).</summary>
    public IReadOnlyList<PlanChange> PlanChanges { get; private set; } = [];

    public PatientView View { get; private set; } = null!;
    public bool MayManageTeam { get; private set; }
    public string? Error { get; private set; }
    public string? Notice { get; private set; }
    public HandleReasonsView Handling { get; private set; } = null!;

    /// <summary>A fresh password-reset link, shown once to give to the patient.</summary>
    public string? ResetUrl { get; private set; }
    public string Language => PageComposer.Language;
    public ProgramContent Release => View.Program.Content;

    public string T(LocalizedText? text) => text?.Resolve(Language, Release.FallbackFor(Language)) ?? "";

    public IEnumerable<ScoreSeries> Scores => View.Results.GroupBy(r => r.QuestionnaireId).Select(g => new ScoreSeries(g.Key,
        T(Release.Questionnaires.FirstOrDefault(q => q.Id == g.Key)?.Title) is { Length: > 0 } title ? title : g.Key,
        g.Max(r => r.MaxTotal), g.OrderBy(r => r.Id).Select(r => (r.SubmittedAt, r.Total, r.TrafficLight)).ToList()));

    public IEnumerable<Answer> AnswersIn(string moduleId) => View.Answers.Where(a => a.ModuleId == moduleId && a.Value.Length > 0);

    public IEnumerable<QuestionnaireResult> ResultsIn(string moduleId) => View.Results.Where(r => r.ModuleId == moduleId);

    public async Task<IActionResult> OnGetAsync(Guid enrollmentId, string? done, CancellationToken ct)
    {
        Notice = done is null ? null : s["Saved" + done].Value;
        if (!await LoadAsync(enrollmentId, ct))
        {
            return NotFound();
        }
        await work.OpenAsync(PatientEnrollments.UserId(User)!, enrollmentId, ct); // reading this patient's record and homework
        return Page();
    }

    public async Task<IActionResult> OnPostOpenModuleAsync(Guid enrollmentId, string? moduleId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(moduleId) || await opener.OpenAsync(PatientEnrollments.UserId(User)!, enrollmentId, moduleId, ct) is null)
        {
            return NotFound();
        }
        return Redirect($"/staff/patients/{enrollmentId}?done=ModuleOpened#modules");
    }

    /// <summary>Adds an optional module to the patient's plan (included=true) or hides it; a required module is a 400 with the reason.</summary>
    public async Task<IActionResult> OnPostPlanAsync(Guid enrollmentId, string? moduleId, bool included, CancellationToken ct) =>
        await planEditor.SetAsync(PatientEnrollments.UserId(User)!, enrollmentId, moduleId ?? "", included, ct) switch
        {
            PlanOutcome.Changed or PlanOutcome.Unchanged => Redirect($"/staff/patients/{enrollmentId}?done=Plan#plan"),
            PlanOutcome.Required => await ErrorAsync(enrollmentId, s["PlanModuleRequired"].Value, ct),
            _ => NotFound(),
        };

    public async Task<IActionResult> OnPostResetLinkAsync(Guid enrollmentId, CancellationToken ct)
    {
        if (await record.PasswordResetLinkAsync(User, enrollmentId, users, ct) is not { } link || !await LoadAsync(enrollmentId, ct))
        {
            return NotFound();
        }
        ResetUrl = $"{Request.Scheme}://{Request.Host}{link}";
        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync(Guid enrollmentId, string? text, CancellationToken ct)
    {
        if (Validate(text, ClinicalNote.MaxLength, "NoteRequired", "NoteTooLong") is { } error)
        {
            return await ErrorAsync(enrollmentId, error, ct);
        }
        if (!await record.AddNoteAsync(User, enrollmentId, text!, ct))
        {
            return NotFound();
        }
        await work.WroteAsync(PatientEnrollments.UserId(User)!, enrollmentId, WorkSources.Note, ct);
        return Redirect($"/staff/patients/{enrollmentId}?done=Note#notes");
    }

    public async Task<IActionResult> OnPostFeedbackAsync(Guid enrollmentId, string? moduleId, string? text, CancellationToken ct)
    {
        if (Validate(text, HomeworkFeedback.MaxLength, "FeedbackRequired", "FeedbackTooLong") is { } error)
        {
            return await ErrorAsync(enrollmentId, error, ct);
        }
        if (!await record.AddFeedbackAsync(User, enrollmentId, moduleId ?? "", text!, ct))
        {
            return NotFound();
        }
        await work.WroteAsync(PatientEnrollments.UserId(User)!, enrollmentId, WorkSources.Note, ct);
        return Redirect($"/staff/patients/{enrollmentId}?done=Feedback#module-{moduleId}");
    }

    /// <summary>Follow-up programs: "Kalles inn", "Fortsetter oppfølging" or "Avslutter", with an optional note the patient sees.</summary>
    public async Task<IActionResult> OnPostDecisionAsync(Guid enrollmentId, string? decision, string? decisionNote,
        [FromServices] FollowUp.FollowUpDecisions decisions, CancellationToken ct)
    {
        if (!Enum.TryParse<FollowUp.FollowUpDecisionKind>(decision, out var kind) || !Enum.IsDefined(kind))
        {
            return await ErrorAsync(enrollmentId, s["DecisionRequired"], ct);
        }
        if (decisionNote?.Trim().Length > FollowUp.FollowUpDecision.MaxNoteLength)
        {
            return await ErrorAsync(enrollmentId, s["DecisionNoteTooLong", FollowUp.FollowUpDecision.MaxNoteLength], ct);
        }
        return await decisions.RecordAsync(User, enrollmentId, kind, decisionNote, ct)
            ? Redirect($"/staff/patients/{enrollmentId}?done=Decision#decision")
            : NotFound();
    }

    public async Task<IActionResult> OnPostAddColleagueAsync(Guid enrollmentId, string? email, CancellationToken ct)
    {
        var result = string.IsNullOrWhiteSpace(email) ? PatientRecord.TeamChange.NoSuchColleague
            : await record.AddColleagueAsync(User, enrollmentId, email, ct);
        return result switch
        {
            PatientRecord.TeamChange.Done => Redirect($"/staff/patients/{enrollmentId}?done=Colleague#team"),
            PatientRecord.TeamChange.NotAllowed => NotFound(),
            _ => await ErrorAsync(enrollmentId, s["Team" + result].Value, ct),
        };
    }

    public async Task<IActionResult> OnPostRemoveColleagueAsync(Guid enrollmentId, string? staffUserId, CancellationToken ct)
    {
        var result = await record.RemoveColleagueAsync(User, enrollmentId, staffUserId ?? "", ct);
        return result switch
        {
            PatientRecord.TeamChange.Done => Redirect($"/staff/patients/{enrollmentId}?done=Colleague#team"),
            PatientRecord.TeamChange.NotAllowed => NotFound(),
            _ => await ErrorAsync(enrollmentId, s["Team" + result].Value, ct),
        };
    }

    /// <summary>
    /// Marks one red or yellow reason handled. Outside the care team: 403 (the folder already refuses patients and analysts);
    /// no note or too long a note: 400 with the page and nothing stored; a reason that is gone: 400; handled by a colleague
    /// first: the page says so.
    /// </summary>
    public async Task<IActionResult> OnPostHandleAsync(Guid enrollmentId, string? reasonKey, string? note, CancellationToken ct)
    {
        if (Validate(note, HandledReason.NoteMaxLength, "HandleNoteRequired", "HandleNoteTooLong") is { } error)
        {
            return await ErrorAsync(enrollmentId, error, ct);
        }
        var language = Language;
        return await handling.HandleAsync(User, enrollmentId, reasonKey ?? "", note!, r => ReasonWords.Describe(r, s, language), ct) switch
        {
            HandleOutcome.Done => Redirect($"/staff/patients/{enrollmentId}?done=Handled#status-heading"),
            HandleOutcome.AlreadyHandled => Redirect($"/staff/patients/{enrollmentId}?done=HandledByColleague#status-heading"),
            HandleOutcome.NotInCareTeam => StatusCode(StatusCodes.Status403Forbidden),
            _ => await ErrorAsync(enrollmentId, s["HandleReasonGone"].Value, ct),
        };
    }

    private string? Validate(string? text, int max, string requiredKey, string tooLongKey) =>
        string.IsNullOrWhiteSpace(text) ? s[requiredKey].Value : text.Trim().Length > max ? s[tooLongKey, max].Value : null;

    /// <summary>Bad input: the page again with the error, what was typed kept in the form, nothing stored.</summary>
    private async Task<IActionResult> ErrorAsync(Guid enrollmentId, string error, CancellationToken ct)
    {
        if (!await LoadAsync(enrollmentId, ct))
        {
            return NotFound();
        }
        Error = error;
        Response.StatusCode = 400;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid enrollmentId, CancellationToken ct)
    {
        if (await record.ViewAsync(User, enrollmentId, ct) is not { } view)
        {
            return false;
        }
        View = view;
        Handling = new HandleReasonsView(view.Row.Reasons, await handling.HistoryAsync(enrollmentId, ct),
            Request.HasFormContentType ? Request.Form["reasonKey"].ToString() : null, Request.HasFormContentType ? Request.Form["note"].ToString() : null);
        PlanChanges = (await plans.ChangesAsync(enrollmentId, ct)).AsEnumerable().Reverse().ToList();
        MayManageTeam = await record.MayManageTeamAsync(User, enrollmentId, ct);
        return true;
    }
}
