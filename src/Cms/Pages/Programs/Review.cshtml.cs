using System.Globalization;
using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Changes;
using ContentPlatform.Cms.Programs.Editing;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>
/// The path to publish: every problem with a link to its field, submit (editor), the diff since the last release,
/// approve or send back (reviewer), publish now or later and withdraw (reviewer or admin). Each handler checks its role.
/// </summary>
public sealed class ReviewModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization, IStringLocalizer<SharedResource> s)
    : ProgramPageModel(db, workflow, authorization, s)
{
    /// <summary>Publication times are chosen in Norwegian time whatever the server's zone is.</summary>

    public IReadOnlyList<ContentProblem> Problems { get; private set; } = [];
    public IReadOnlyList<ProgramChange> Changes { get; private set; } = [];
    public IReadOnlyList<WorkflowEvent> Events { get; private set; } = [];

    /// <summary>Who changed the version under review (revision authors since the last release, the submitter): four eyes.</summary>
    public IReadOnlyList<string> Authors { get; private set; } = [];

    /// <summary>The latest release's record: who changed, approved and published it.</summary>
    public ProgramReleaseRecord? LatestRelease { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAllAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSubmitAsync(string id) =>
        await RunAsync(id, () => CanEdit, () => Workflow.SubmitAsync(id, Actor), "SubmittedForReview");

    public async Task<IActionResult> OnPostApproveAsync(string id, string? comment) =>
        await RunAsync(id, () => CanReview, () => Workflow.ApproveAsync(id, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), Actor), "ApprovedMessage");

    public async Task<IActionResult> OnPostSendBackAsync(string id, string? comment) =>
        await RunAsync(id, () => CanReview, () => Workflow.SendBackAsync(id, comment ?? "", Actor), "SentBackMessage");

    public async Task<IActionResult> OnPostWithdrawAsync(string id) =>
        await RunAsync(id, () => CanReview, () => Workflow.WithdrawAsync(id, Actor), "WithdrawnMessage");

    public async Task<IActionResult> OnPostPublishAsync(string id, string? at)
    {
        DateTimeOffset? when = null;
        if (!string.IsNullOrWhiteSpace(at))
        {
            if (!DateTime.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                await LoadAllAsync(id);
                Error = S["PublishAtInvalid"];
                return Page();
            }
            when = new DateTimeOffset(local, When.Zone.GetUtcOffset(local));
        }
        return await RunAsync(id, () => CanReview, async () => (await Workflow.PublishAsync(id, Actor, when)).Error,
            when is null ? "PublishedMessage" : "ScheduledMessage");
    }

    public string Local(DateTimeOffset at) => When.Moment(at);

    /// <summary>Titles instead of ids, as the diff writes them: "Modul 1 › Side 2 › Blokk 1: Tekst › Tekst › nynorsk".</summary>
    public string Where(ContentLocation l) => ChangePath.Describe(ChangePath.Place(Doc, l), S, Culture);

    private async Task<IActionResult> RunAsync(string id, Func<bool> allowed, Func<Task<WorkflowError?>> action, string success)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!allowed())
        {
            return Forbidden();
        }
        var error = await action();
        if (error is null)
        {
            TempData["Message"] = S[success].Value;
            return Redirect($"/programs/{id}/review");
        }
        Db.ChangeTracker.Clear();
        await LoadAllAsync(id);
        Error = S["Workflow_" + error.Code, [.. error.Arguments]];
        return Page();
    }

    private async Task<bool> LoadAllAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return false;
        }
        Problems = Workflow.Validate(Draft);
        LatestRelease = await Db.Releases.AsNoTracking().Where(r => r.ProgramId == id && r.Number == Draft.LatestRelease).FirstOrDefaultAsync();
        var released = LatestRelease is null ? null : JsonSerializer.Deserialize<ProgramRelease>(LatestRelease.ReleaseJson, ContractJson.Options)?.Content;
        Authors = await Workflow.AuthorsAsync(id);
        Changes = ProgramChanges.Compare(released, Doc);
        var events = await Db.WorkflowEvents.AsNoTracking().Where(e => e.ProgramId == id).ToListAsync();
        Events = events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(20).ToList();
        return true;
    }
}
