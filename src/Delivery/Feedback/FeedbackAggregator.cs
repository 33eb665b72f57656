using System.Text.Json;
using ContentPlatform.Contract.Feedback;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Feedback;

/// <summary>
/// Turns the patients' page feedback and evaluation answers into the report the Cms receives: counts per program,
/// release and page, answer distributions per evaluation item, all suppressed below k with the analytics rules
/// (<see cref="SmallCells"/>, setting Analytics:MinCellSize), plus forwarded comments. No patient id, enrollment id or
/// comment text other than a forwarded one is put into it.
/// </summary>
public sealed class FeedbackAggregator(DeliveryDbContext db, ReleaseStore releases, IOptions<AnalyticsOptions> analytics)
{
    public async Task<FeedbackReport> BuildAsync(CancellationToken ct)
    {
        var k = analytics.Value.MinCellSize;
        var pageRows = await db.PageFeedback.AsNoTracking()
            .GroupBy(f => new { f.ProgramId, f.Release, f.PageId })
            .Select(g => new PageTally(g.Key.ProgramId, g.Key.Release, g.Key.PageId, g.Count(f => f.Useful), g.Count(f => !f.Useful),
                g.Count(f => f.Comment != null)))
            .ToListAsync(ct);
        var forwarded = await db.ForwardedComments.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
        var evaluations = await EvaluationAnswersAsync(ct);
        var programIds = pageRows.Select(r => r.ProgramId).Concat(forwarded.Select(f => f.ProgramId)).Concat(evaluations.Select(e => e.ProgramId))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var programs = programIds.Select(id => new ProgramFeedback(id,
            Pages(pageRows.Where(r => r.ProgramId == id), k),
            Evaluation(evaluations.Where(e => e.ProgramId == id), k),
            forwarded.Where(f => f.ProgramId == id)
                .Select(f => new ForwardedFeedback(f.PublicId, f.Release, f.PageId, f.Text, f.ForwardedAt)).ToList())).ToList();
        return new FeedbackReport(k, programs);
    }

    public sealed record PageTally(string ProgramId, int Release, string PageId, int Yes, int No, int Comments);

    /// <summary>One patient's evaluation answers in one release (one row per patient, questionnaire and release).</summary>
    public sealed record EvaluationAnswers(string ProgramId, int Release, string QuestionnaireId, IReadOnlyDictionary<string, int> Values,
        IReadOnlyList<QuestionnaireItem> Items, Func<QuestionnaireItem, IReadOnlyList<AnswerOption>> Options);

    /// <summary>Each count shown only when 0 or at least k; a small one is sent as null ("fewer than k").</summary>
    public static List<PageFeedbackCounts> Pages(IEnumerable<PageTally> tallies, int k) =>
        tallies.OrderBy(t => t.Release).ThenBy(t => t.PageId, StringComparer.Ordinal)
            .Select(t => new PageFeedbackCounts(t.Release, t.PageId, SmallCells.Count(t.Yes, k).AsCount(), SmallCells.Count(t.No, k).AsCount(),
                SmallCells.Count(t.Comments, k).AsCount()))
            .ToList();

    /// <summary>
    /// Per release and item: how many answered, and a count per option value. The options partition the respondents, so
    /// they are suppressed as a partition (a single hidden option would be the total minus the shown ones).
    /// </summary>
    public static List<EvaluationItemCounts> Evaluation(IEnumerable<EvaluationAnswers> answers, int k)
    {
        var list = new List<EvaluationItemCounts>();
        foreach (var group in answers.GroupBy(a => (a.Release, a.QuestionnaireId)).OrderBy(g => g.Key.Release).ThenBy(g => g.Key.QuestionnaireId, StringComparer.Ordinal))
        {
            var first = group.First();
            foreach (var item in first.Items)
            {
                var options = first.Options(item).Select(o => o.Value).ToList();
                var values = group.Select(a => a.Values.TryGetValue(item.Id, out var v) ? v : (int?)null).Where(v => v is not null).ToList();
                var counts = options.Select(o => values.Count(v => v == o)).ToList();
                var (total, parts) = SmallCells.Partition(values.Count, counts, k);
                list.Add(new EvaluationItemCounts(group.Key.Release, group.Key.QuestionnaireId, item.Id, total.AsCount(),
                    options.Select((o, i) => new OptionCount(o, parts[i].AsCount())).ToList()));
            }
        }
        return list;
    }

    private async Task<List<EvaluationAnswers>> EvaluationAnswersAsync(CancellationToken ct)
    {
        // The evaluation questionnaires of every program Delivery has (by the latest release: ids are stable across releases).
        var evaluationIds = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var entry in await releases.ProgramsAsync(ct))
        {
            if (await releases.LatestAsync(entry.ProgramId, ct) is { } latest)
            {
                var ids = latest.Content.Questionnaires.Where(QuestionnaireKinds.IsEvaluation).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
                if (ids.Count > 0)
                {
                    evaluationIds[entry.ProgramId] = ids;
                }
            }
        }
        if (evaluationIds.Count == 0)
        {
            return [];
        }
        var rows = await db.EvaluationAnswers.AsNoTracking().ToListAsync(ct);
        var list = new List<EvaluationAnswers>();
        foreach (var row in rows.Where(r => evaluationIds.TryGetValue(r.ProgramId, out var ids) && ids.Contains(r.QuestionnaireId)))
        {
            if (await releases.GetAsync(row.ProgramId, row.Release, ct) is not { } release
                || release.Content.Questionnaires.FirstOrDefault(q => q.Id == row.QuestionnaireId) is not { } definition)
            {
                continue;
            }
            var values = JsonSerializer.Deserialize<Dictionary<string, int>>(row.AnswersJson) ?? [];
            list.Add(new EvaluationAnswers(row.ProgramId, row.Release, row.QuestionnaireId, values, definition.Items, definition.OptionsFor));
        }
        return list;
    }
}

internal static class CellCounts
{
    /// <summary>A count cell as the report carries it: null when suppressed.</summary>
    public static int? AsCount(this Cell cell) => cell.Suppressed || cell.Value is null ? null : (int)cell.Value.Value;
}
