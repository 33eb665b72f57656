using ContentPlatform.Cms.Data;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Pages.Programs;
using ContentPlatform.Cms.Programs;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Pages;

public sealed record DashboardProgram(string Id, string Title, WorkflowState State, DateTimeOffset UpdatedAt, string UpdatedBy);

public sealed record TranslationStatus(string Id, string Title, int Missing, int Stale, string? FirstLink);

public sealed record PublishedItem(string Id, string Title, int Number, DateTimeOffset At, string By);

/// <summary>
/// The content team's start page: my drafts, what waits for my review, translation gaps and stale translations per
/// program (with a link to the first one), scheduled publications and recent releases.
/// </summary>
public sealed class IndexModel(UserManager<StaffUser> users, CmsDbContext db) : PageModel
{
    public string DisplayName { get; private set; } = "";
    public bool IsReviewer { get; private set; }
    public IReadOnlyList<DashboardProgram> MyDrafts { get; private set; } = [];
    public IReadOnlyList<DashboardProgram> WaitingForReview { get; private set; } = [];
    public IReadOnlyList<TranslationStatus> Translations { get; private set; } = [];
    public IReadOnlyList<(DashboardProgram Program, DateTimeOffset At)> Scheduled { get; private set; } = [];
    public IReadOnlyList<PublishedItem> RecentlyPublished { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        DisplayName = user?.DisplayName is { Length: > 0 } name ? name : User.Identity?.Name ?? "";
        IsReviewer = User.IsInRole(StaffRoles.Reviewer) || User.IsInRole(StaffRoles.Admin);
        var me = User.Identity?.Name ?? "";
        var culture = ProgramPageModel.Culture;

        // One read of the drafts: a content team has tens of programs, and every list below needs the documents' titles.
        var drafts = await db.Programs.AsNoTracking().ToListAsync();
        var docs = drafts.ToDictionary(d => d.Id, d => ProgramContent.FromJson(d.DocumentJson));
        string TitleOf(string id) => docs.TryGetValue(id, out var doc) ? doc.Title.Resolve(culture, doc.Languages) : id;
        DashboardProgram Row(ProgramDraft d) => new(d.Id, TitleOf(d.Id), d.State, d.UpdatedAt, d.UpdatedBy);

        MyDrafts = drafts.Where(d => d.State == WorkflowState.Draft && d.UpdatedBy == me).OrderByDescending(d => d.UpdatedAt).Select(Row).ToList();
        WaitingForReview = drafts.Where(d => d.State == WorkflowState.InReview).OrderBy(d => d.UpdatedAt).Select(Row).ToList();
        Scheduled = drafts.Where(d => d.ScheduledPublishAt is not null).OrderBy(d => d.ScheduledPublishAt).Select(d => (Row(d), d.ScheduledPublishAt!.Value)).ToList();
        Translations = drafts.Select(d =>
        {
            var problems = PublishValidator.Validate(docs[d.Id], TranslationLog.Parse(d.TranslationLogJson));
            var missing = problems.Count(p => p.Code is "missing-language" or "missing-alt-text" && p.Location.Language is not null);
            var stale = problems.Count(p => p.Code == "stale-translation");
            var first = problems.FirstOrDefault(p => p.Code is "missing-language" or "stale-translation" or "missing-alt-text");
            return new TranslationStatus(d.Id, TitleOf(d.Id), missing, stale,
                first is null ? null : ContentPlatform.Cms.Programs.Editing.ProblemLinks.Url(d.Id, first.Location));
        }).Where(t => t.Missing + t.Stale > 0).OrderByDescending(t => t.Missing + t.Stale).ToList();
        var releases = await db.Releases.AsNoTracking().Select(r => new { r.ProgramId, r.Number, r.PublishedAt, r.PublishedBy }).ToListAsync();
        RecentlyPublished = releases.OrderByDescending(r => r.PublishedAt).Take(10)
            .Select(r => new PublishedItem(r.ProgramId, TitleOf(r.ProgramId), r.Number, r.PublishedAt, r.PublishedBy)).ToList();
    }
}
