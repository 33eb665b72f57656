using System.Text.Json;
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

namespace ContentPlatform.Delivery.Pages.Analytics;

/// <summary>
/// Baseline snapshots: the indicators of a scope and period frozen as they were shown (already protected), so later
/// periods are compared with the measurement the region started from, even after data changes.
/// </summary>
[Authorize(Policy = DeliveryRoles.Analyst)]
public sealed class BaselinesModel(AnalyticsCatalogue catalogue, IndicatorQuery query, DeliveryDbContext db, DeliveryWriteGate gate,
    TimeProvider clock, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Scope { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty] public string? Name { get; set; }

    public IReadOnlyList<AnalyticsProgram> Programs { get; private set; } = [];
    public IReadOnlyList<BaselineSnapshot> Snapshots { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var scope = AnalyticsCatalogue.Resolve(Scope, Programs);
        var choice = PeriodChoice.Parse(Period, From, To, null, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200 || scope is null || choice is null)
        {
            Error = s["BaselineInvalid"];
            Response.StatusCode = 400;
            return Page();
        }
        var report = await query.ComputeAsync(scope, Programs, choice.Period, choice.Bucket, ct);
        var snapshot = new BaselineSnapshot
        {
            Name = Name.Trim(), Scope = scope.Key, From = choice.Period.From, To = choice.Period.To,
            CreatedBy = PatientEnrollments.UserId(User)!, CreatedAt = clock.GetUtcNow(),
            ReportJson = JsonSerializer.Serialize(report, BaselineJson.Options),
        };
        using (await gate.EnterAsync(ct))
        {
            db.Baselines.Add(snapshot);
            await db.SaveChangesAsync(ct);
        }
        return Redirect($"/analytics?scope={Uri.EscapeDataString(scope.Key)}&baseline={snapshot.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Programs = await catalogue.ProgramsAsync(ct);
        Snapshots = await db.Baselines.AsNoTracking().OrderByDescending(b => b.Id).Take(100).ToListAsync(ct);
    }
}
