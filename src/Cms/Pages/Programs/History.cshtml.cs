using ContentPlatform.Cms.Data;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Changes;
using ContentPlatform.Cms.Programs.Editing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

public sealed record RevisionRow(int Number, string Author, DateTimeOffset CreatedAt, string Summary);

public sealed record ReleaseRow(int Number, int Revision, DateTimeOffset PublishedAt, string? Authors, string? ApprovedBy, string PublishedBy);

/// <summary>Every revision with author and time; the diff between any two; restore (a new revision, nothing is lost).</summary>
public sealed class HistoryModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization, IStringLocalizer<SharedResource> s)
    : ProgramPageModel(db, workflow, authorization, s)
{
    public IReadOnlyList<RevisionRow> Revisions { get; private set; } = [];

    /// <summary>Every release with the people behind it: who changed it, who approved it (four eyes), who published it.</summary>
    public IReadOnlyList<ReleaseRow> Releases { get; private set; } = [];
    public int? From { get; private set; }
    public int? To { get; private set; }
    public IReadOnlyList<ProgramChange>? Changes { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, int? from, int? to)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var rows = await Db.Revisions.AsNoTracking().Where(r => r.ProgramId == id)
            .Select(r => new RevisionRow(r.Number, r.Author, r.CreatedAt, r.Summary)).ToListAsync();
        Revisions = rows.OrderByDescending(r => r.Number).ToList();
        var releases = await Db.Releases.AsNoTracking().Where(r => r.ProgramId == id)
            .Select(r => new ReleaseRow(r.Number, r.Revision, r.PublishedAt, r.Authors, r.ApprovedBy, r.PublishedBy)).ToListAsync();
        Releases = releases.OrderByDescending(r => r.Number).ToList();
        (From, To) = (from, to ?? (from is null ? null : Draft.LatestRevision));
        if (From is { } a && To is { } b)
        {
            var docs = await Db.Revisions.AsNoTracking().Where(r => r.ProgramId == id && (r.Number == a || r.Number == b))
                .ToDictionaryAsync(r => r.Number, r => r.DocumentJson);
            if (docs.TryGetValue(a, out var before) && docs.TryGetValue(b, out var after))
            {
                Changes = ProgramChanges.Compare(ProgramContent.FromJson(before), ProgramContent.FromJson(after));
            }
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(string id, int revision)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!CanEdit)
        {
            return Forbidden();
        }
        var (draft, error) = await Workflow.RestoreAsync(id, revision, Actor);
        if (error is not null)
        {
            TempData["Message"] = S["Workflow_" + error.Code].Value;
            return Redirect($"/programs/{id}/history");
        }
        TempData["Message"] = S["RestoredMessage", revision].Value;
        return Redirect($"/programs/{id}/history?from={draft!.LatestRevision - 1}&to={draft.LatestRevision}#diff");
    }
}
