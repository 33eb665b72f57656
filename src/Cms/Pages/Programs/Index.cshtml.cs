using System.Text.RegularExpressions;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ContentPlatform.Contract.Text;

namespace ContentPlatform.Cms.Pages.Programs;

public sealed record ProgramRow(string Id, string Title, string Status, DateTimeOffset UpdatedAt, string UpdatedBy, int LatestRelease);

public sealed partial class ProgramsModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization,
    IStringLocalizer<SharedResource> s) : PageModel
{
    public IReadOnlyList<ProgramRow> Programs { get; private set; } = [];
    public List<string> Errors { get; } = [];
    public bool CanCreate { get; private set; }
    public string? TitleNb { get; private set; }
    public string? TitleNn { get; private set; }
    public string? Slug { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync(string? titleNb, string? titleNn, string? slug, string? kind)
    {
        await LoadAsync();
        if (!CanCreate)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        (TitleNb, TitleNn, Slug) = (TextInput.Line(titleNb), TextInput.Line(titleNn), slug?.Trim().ToLowerInvariant());
        if (string.IsNullOrEmpty(TitleNb) || string.IsNullOrEmpty(TitleNn))
        {
            Errors.Add(s["TitleBothRequired"]);
        }
        if (string.IsNullOrEmpty(Slug) || !SlugPattern().IsMatch(Slug))
        {
            Errors.Add(s["SlugInvalid"]);
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        var content = new ProgramContent
        {
            Id = Slug!, Slug = Slug!, Kind = kind switch { "course" => ProgramKind.Course, "follow-up" => ProgramKind.FollowUp, _ => ProgramKind.Guided },
            Unlock = new(kind == "course" ? UnlockMode.Free : UnlockMode.Therapist),
            CheckIns = kind == "follow-up" ? new CheckInSchedule() : null, // every 14 days for 52 weeks until the editor says otherwise
            Title = LocalizedText.Of(TitleNb!, TitleNn!),
        };
        var (draft, error) = await workflow.CreateAsync(content, User.Identity?.Name ?? "unknown");
        if (error is not null)
        {
            Errors.Add(s["Workflow_" + error.Code]);
            return Page();
        }
        return Redirect($"/programs/{draft!.Id}");
    }

    private async Task LoadAsync()
    {
        CanCreate = (await authorization.AuthorizeAsync(User, StaffRoles.Editor)).Succeeded;
        var culture = ProgramPageModel.Culture;
        var rows = await db.Programs.AsNoTracking()
            .Select(p => new { p.Id, p.DocumentJson, p.State, p.UpdatedAt, p.UpdatedBy, p.LatestRelease }).ToListAsync();
        var released = await ProgramStatus.LatestReleasesAsync(db);
        // Ordered and compared in memory: SQLite cannot order by DateTimeOffset, and a team has tens of programs, not thousands.
        Programs = rows.OrderByDescending(r => r.UpdatedAt).Select(r =>
        {
            var doc = ProgramContent.FromJson(r.DocumentJson);
            return new ProgramRow(r.Id, doc.Title.Resolve(culture, ["nb", "nn"]),
                ProgramStatus.Describe(s, r.State, r.LatestRelease, doc, released.GetValueOrDefault(r.Id)), r.UpdatedAt, r.UpdatedBy, r.LatestRelease);
        }).ToList();
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex SlugPattern();
}
