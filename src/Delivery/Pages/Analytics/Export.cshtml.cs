using System.Security.Claims;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Progress;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Pages.Analytics;

/// <summary>
/// Research and quality-register exports: pseudonymised per-patient rows with only a configured project's fields.
/// Researchers only (not every analyst), and only for projects that list them. Every export is in the export log (who,
/// when, what, how many rows, file hash); the page shows the recent ones.
/// </summary>
[Authorize(Policy = DeliveryRoles.Researcher)]
public sealed class ExportModel(AnalyticsCatalogue catalogue, ResearchExport export, DeliveryDbContext db, IOptions<AnalyticsOptions> options,
    TimeProvider clock, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Scope { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty] public string? Project { get; set; }

    public IReadOnlyList<AnalyticsProgram> Programs { get; private set; } = [];
    /// <summary>The projects that list the signed-in researcher.</summary>
    public IReadOnlyList<ResearchProject> Projects => options.Value.Projects.Where(p => p.Lists(User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name)).ToList();
    public IReadOnlyList<ResearchExportLogEntry> Log { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var project = Projects.FirstOrDefault(p => p.Id == Project);
        var scope = AnalyticsCatalogue.Resolve(Scope, Programs);
        var choice = PeriodChoice.Parse(Period, From, To, null, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (project is null || scope is null || choice is null)
        {
            Error = s["ExportInvalid"];
            Response.StatusCode = 400;
            return Page();
        }
        var result = await export.ExportAsync(project, scope, Programs, choice.Period, PatientEnrollments.UserId(User)!, ct);
        return File(result.Csv, "text/csv; charset=utf-8", result.FileName);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Programs = await catalogue.ProgramsAsync(ct);
        Log = await db.ResearchExportLog.AsNoTracking().OrderByDescending(e => e.Id).Take(20).ToListAsync(ct);
    }
}
