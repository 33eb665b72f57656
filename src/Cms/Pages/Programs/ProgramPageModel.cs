using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>
/// What every program page shares: the draft and its document, the version the page was loaded with, role checks per
/// handler, and the conflict rule (a save against an older version writes nothing and says who saved in between).
/// </summary>
public abstract class ProgramPageModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization,
    IStringLocalizer<SharedResource> s) : PageModel
{
    protected CmsDbContext Db => db;
    protected ProgramWorkflow Workflow => workflow;
    public IStringLocalizer<SharedResource> S => s;

    // Read from the request's services rather than added to the constructor: nine page models derive from this one
    // and only the conflict message and the review page need it.
    protected NorwegianTime When => HttpContext.RequestServices.GetRequiredService<NorwegianTime>();

    public ProgramDraft Draft { get; private set; } = null!;
    public ProgramContent Doc { get; protected set; } = null!;
    public TranslationLog Log { get; private set; } = new();

    /// <summary>Set when a save was refused because someone saved after this page was loaded.</summary>
    public string? Conflict { get; protected set; }
    public string? Error { get; protected set; }
    public string? Message { get; protected set; }

    public string Actor => User.Identity?.Name ?? "unknown";
    public bool CanEdit { get; private set; }
    public bool CanReview { get; private set; }
    public bool IsAdmin { get; private set; }

    public string Title(LocalizedText text) => text.Resolve(Culture, Doc.Languages) is { Length: > 0 } t ? t : S["Untitled"];

    public static string Culture => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nn" ? "nn" : "nb";

    /// <summary>The status line ("Publisert (utgivelse 2)", "Endret etter publisering"); asked for only by pages that show it.</summary>
    public async Task<string> StatusAsync()
    {
        var released = Draft.LatestRelease == 0 ? null
            : (await ProgramStatus.LatestReleasesAsync(db, Draft.Id, HttpContext.RequestAborted)).GetValueOrDefault(Draft.Id);
        return ProgramStatus.Describe(S, Draft.State, Draft.LatestRelease, Doc, released);
    }

    protected async Task<bool> LoadAsync(string id, bool tracking = false)
    {
        var query = tracking ? db.Programs : db.Programs.AsNoTracking();
        if (await query.FirstOrDefaultAsync(p => p.Id == id) is not { } draft)
        {
            return false;
        }
        Draft = draft;
        Doc = ProgramContent.FromJson(draft.DocumentJson);
        Log = TranslationLog.Parse(draft.TranslationLogJson);
        CanEdit = (await authorization.AuthorizeAsync(User, StaffRoles.Editor)).Succeeded;
        CanReview = (await authorization.AuthorizeAsync(User, StaffRoles.Reviewer)).Succeeded;
        IsAdmin = User.IsInRole(StaffRoles.Admin);
        if (TempData["Message"] is string message)
        {
            Message = message;
        }
        return true;
    }

    /// <summary>403 with the localized error page, for a handler the user's roles do not allow (even when posted directly).</summary>
    protected IActionResult Forbidden() => StatusCode(StatusCodes.Status403Forbidden);

    /// <summary>Saves a changed document; on a conflict the page shows what happened and the latest version.</summary>
    protected async Task<IActionResult> SaveAsync(ProgramContent? changed, int version, string summary, Func<IActionResult> onSuccess,
        Func<Task<IActionResult>> onProblem)
    {
        if (changed is null)
        {
            Error = S["TargetMissing"];
            return await onProblem();
        }
        var (_, error) = await workflow.SaveAsync(Draft.Id, changed, version, Actor, summary);
        if (error is null)
        {
            TempData["Message"] = S["Saved"].Value;
            return onSuccess();
        }
        db.ChangeTracker.Clear();
        await LoadAsync(Draft.Id);
        if (error.Code == "conflict")
        {
            Conflict = S["ConflictMessage", Draft.UpdatedBy, When.Moment(Draft.UpdatedAt)];
        }
        else
        {
            Error = S["Workflow_" + error.Code];
        }
        return await onProblem();
    }
}
