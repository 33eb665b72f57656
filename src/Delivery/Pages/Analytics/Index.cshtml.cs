using System.Globalization;
using System.Text.Json;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Pages.Analytics;

/// <summary>Indicators for leaders and analysts: a scope, a period, charts with their tables, and a baseline to compare with.</summary>
[Authorize(Policy = DeliveryRoles.Analyst)]
public sealed class IndexModel(AnalyticsCatalogue catalogue, IndicatorQuery query, DeliveryDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Scope { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Bucket { get; set; }
    [BindProperty(SupportsGet = true)] public long? Baseline { get; set; }

    public IReadOnlyList<AnalyticsProgram> Programs { get; private set; } = [];
    public IndicatorReport Report { get; private set; } = null!;
    public PeriodChoice Choice { get; private set; } = null!;
    public bool PeriodInvalid { get; private set; }
    public IReadOnlyList<BaselineSnapshot> Baselines { get; private set; } = [];
    public BaselineSnapshot? Compared { get; private set; }
    public IndicatorReport? BaselineReport { get; private set; }

    /// <summary>
    /// The trend as the page shows it: from the first bucket with anything in it, so "all time" (from 2020, before the
    /// platform) does not open with years of empty months. Leading zeros say nothing a reader needs; the CSV keeps them.
    /// </summary>
    public IReadOnlyList<TrendPoint> Trend => Report.Trend.SkipWhile(IsEmpty).ToList() is { Count: > 0 } shown ? shown : Report.Trend;

    private static bool IsEmpty(TrendPoint p) =>
        new[] { p.NewEnrollments, p.ActivePatients, p.ModulesCompleted }.All(c => !c.Suppressed && (c.Value ?? 0) == 0);

    public string Culture => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nn" ? "nn" : "nb";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Programs = await catalogue.ProgramsAsync(ct);
        var scope = AnalyticsCatalogue.Resolve(Scope, Programs);
        if (scope is null)
        {
            return NotFound();
        }
        Scope = scope.Key;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var choice = PeriodChoice.Parse(Period, From, To, Bucket, today);
        PeriodInvalid = choice is null;
        Choice = choice ?? PeriodChoice.Parse(null, null, null, null, today)!;
        Report = await query.ComputeAsync(scope, Programs, Choice.Period, Choice.Bucket, ct);
        Baselines = await db.Baselines.AsNoTracking().Where(b => b.Scope == scope.Key).OrderByDescending(b => b.Id).ToListAsync(ct);
        Compared = Baselines.FirstOrDefault(b => b.Id == Baseline);
        BaselineReport = Compared is null ? null : JsonSerializer.Deserialize<IndicatorReport>(Compared.ReportJson, BaselineJson.Options);
        return Page();
    }

    public string ProgramTitle(string programId) =>
        Programs.FirstOrDefault(p => p.ProgramId == programId)?.Title.Resolve(Culture, ["nb", "nn"]) ?? programId;

    // Module and questionnaire ids are unique only within a program, so titles are looked up in the scope's programs.
    private IEnumerable<AnalyticsProgram> InScope => Programs.Where(p => Report.Scope == "all"
        || Report.Scope == "program:" + p.ProgramId || Report.Scope == "org:" + p.Organisation);

    public string ModuleTitle(string moduleId) =>
        InScope.SelectMany(p => p.Modules).FirstOrDefault(m => m.Id == moduleId)?.Title.Resolve(Culture, ["nb", "nn"]) ?? moduleId;

    public string QuestionnaireTitle(string id) =>
        InScope.SelectMany(p => p.Questionnaires).FirstOrDefault(q => q.Id == id)?.Title.Resolve(Culture, ["nb", "nn"]) ?? id;

    public string ScopeTitle => Scope switch
    {
        "all" or null => "",
        var s when s.StartsWith("org:", StringComparison.Ordinal) => s[4..],
        var s => ProgramTitle(s[8..]),
    };

    /// <summary>The current filter as a query string (for the CSV link and the baseline form).</summary>
    public string Query => $"scope={Uri.EscapeDataString(Scope ?? "all")}&period={Choice.Preset}" +
                           (Choice.Preset == "custom" ? $"&from={From}&to={To}" : "") + $"&bucket={Choice.Bucket.ToString().ToLowerInvariant()}";

    public static string Format(Cell cell, string format = "0.#") =>
        cell.Value is { } v && !cell.Suppressed ? v.ToString(format, CultureInfo.CurrentCulture) : "";

    public static string Change(Cell now, Cell then) =>
        now.Value is { } a && then.Value is { } b && !now.Suppressed && !then.Suppressed
            ? (a - b).ToString("+0.##;−0.##;0", CultureInfo.CurrentCulture)
            : "";
}
