using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Feedback;
using ContentPlatform.Cms.Programs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

public sealed record ReleaseTrend(int Release, SummedCount Yes, SummedCount No, SummedCount Comments);

/// <summary>
/// What patients said about a program, as the Delivery installations reported it: page feedback per release, the trend
/// across releases, the evaluation's answer distributions and forwarded comments. Aggregates only; no patient data.
/// </summary>
public sealed class FeedbackModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization, IStringLocalizer<SharedResource> s,
    FeedbackSummaries summaries) : ProgramPageModel(db, workflow, authorization, s)
{
    public IReadOnlyList<ReleaseFeedbackRow> Pages { get; private set; } = [];
    public IReadOnlyList<ReleaseTrend> Trend { get; private set; } = [];
    public IReadOnlyList<EvaluationRow> Evaluation { get; private set; } = [];
    public IReadOnlyList<ForwardedRow> Forwarded { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Pages = await summaries.PagesAsync(id, ct);
        Trend = Pages.GroupBy(p => p.Release).OrderBy(g => g.Key)
            .Select(g => new ReleaseTrend(g.Key, g.Aggregate(default(SummedCount), (a, p) => a + p.Yes),
                g.Aggregate(default(SummedCount), (a, p) => a + p.No), g.Aggregate(default(SummedCount), (a, p) => a + p.Comments)))
            .ToList();
        Evaluation = await summaries.EvaluationAsync(id, ct);
        Forwarded = await summaries.ForwardedAsync(id, ct);
        return Page();
    }

    public string PageTitle(string pageId) =>
        Doc.Modules.SelectMany(m => m.Pages).FirstOrDefault(p => p.Id == pageId) is { } page ? Title(page.Title) : pageId;

    public string QuestionnaireTitle(string questionnaireId) =>
        Doc.Questionnaires.FirstOrDefault(q => q.Id == questionnaireId) is { } q ? Title(q.Title) : questionnaireId;

    public string ItemText(string questionnaireId, string itemId) =>
        Doc.Questionnaires.FirstOrDefault(q => q.Id == questionnaireId)?.Items.FirstOrDefault(i => i.Id == itemId) is { } item
            ? Title(item.Text) : itemId;

    public string OptionText(string questionnaireId, string itemId, int value)
    {
        var q = Doc.Questionnaires.FirstOrDefault(q => q.Id == questionnaireId);
        var item = q?.Items.FirstOrDefault(i => i.Id == itemId);
        return q is not null && item is not null && q.OptionsFor(item).FirstOrDefault(o => o.Value == value) is { } option
            ? Title(option.Text) : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The share of yes among shown answers, or null when a part is hidden (a share of a partly hidden count would mislead).</summary>
    public static int? YesShare(ReleaseTrend t) =>
        t.Yes.SomeHidden || t.No.SomeHidden || t.Yes.Sum + t.No.Sum == 0 ? null : (int)Math.Round(100.0 * t.Yes.Sum / (t.Yes.Sum + t.No.Sum));
}
