using ContentPlatform.Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Feedback;

/// <summary>
/// A count summed over the Delivery installations that reported it. Each installation's small counts arrive hidden, so
/// the sum is of the shown ones and <see cref="SomeHidden"/> says that some installation had fewer than k.
/// </summary>
public readonly record struct SummedCount(int Sum, bool SomeHidden)
{
    public static SummedCount Of(IEnumerable<int?> counts)
    {
        var list = counts.ToList();
        return new(list.Sum(c => c ?? 0), list.Any(c => c is null));
    }

    public static SummedCount operator +(SummedCount a, SummedCount b) => new(a.Sum + b.Sum, a.SomeHidden || b.SomeHidden);

    /// <summary>Only hidden parts: nothing may be shown but "fewer than k".</summary>
    public bool OnlyHidden => SomeHidden && Sum == 0;
}

public sealed record PageFeedbackLine(int Release, SummedCount Yes, SummedCount No, SummedCount Comments);

public sealed record ReleaseFeedbackRow(int Release, string PageId, SummedCount Yes, SummedCount No, SummedCount Comments);

public sealed record EvaluationRow(int Release, string QuestionnaireId, string ItemId, SummedCount Respondents,
    IReadOnlyList<(int Value, SummedCount Count)> Options);

public sealed record ForwardedRow(int Release, string PageId, string Text, DateTimeOffset ForwardedAt);

/// <summary>The content team's view of the aggregates Delivery sent (sums over installations); reads only.</summary>
public sealed class FeedbackSummaries(CmsDbContext db)
{
    /// <summary>The latest release with feedback on this page, for the line beside the page in the editor; null when none.</summary>
    public async Task<PageFeedbackLine?> LatestForPageAsync(string programId, string pageId, CancellationToken ct)
    {
        var rows = await db.FeedbackPageCounts.AsNoTracking().Where(c => c.ProgramId == programId && c.PageId == pageId).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return null;
        }
        var release = rows.Max(r => r.Release);
        var latest = rows.Where(r => r.Release == release).ToList();
        return new(release, SummedCount.Of(latest.Select(r => r.Yes)), SummedCount.Of(latest.Select(r => r.No)),
            SummedCount.Of(latest.Select(r => r.Comments)));
    }

    public async Task<IReadOnlyList<ReleaseFeedbackRow>> PagesAsync(string programId, CancellationToken ct)
    {
        var rows = await db.FeedbackPageCounts.AsNoTracking().Where(c => c.ProgramId == programId).ToListAsync(ct);
        return rows.GroupBy(r => (r.Release, r.PageId)).OrderByDescending(g => g.Key.Release).ThenBy(g => g.Key.PageId, StringComparer.Ordinal)
            .Select(g => new ReleaseFeedbackRow(g.Key.Release, g.Key.PageId, SummedCount.Of(g.Select(r => r.Yes)),
                SummedCount.Of(g.Select(r => r.No)), SummedCount.Of(g.Select(r => r.Comments))))
            .ToList();
    }

    public async Task<IReadOnlyList<EvaluationRow>> EvaluationAsync(string programId, CancellationToken ct)
    {
        var rows = await db.FeedbackEvaluationCounts.AsNoTracking().Where(c => c.ProgramId == programId).ToListAsync(ct);
        return rows.GroupBy(r => (r.Release, r.QuestionnaireId, r.ItemId))
            .OrderByDescending(g => g.Key.Release).ThenBy(g => g.Key.QuestionnaireId, StringComparer.Ordinal).ThenBy(g => g.Key.ItemId, StringComparer.Ordinal)
            .Select(g =>
            {
                var options = g.SelectMany(r => FeedbackEndpoints.Options(r.OptionsJson)).GroupBy(o => o.Value).OrderBy(o => o.Key)
                    .Select(o => (o.Key, SummedCount.Of(o.Select(x => x.Count)))).ToList();
                return new EvaluationRow(g.Key.Release, g.Key.QuestionnaireId, g.Key.ItemId, SummedCount.Of(g.Select(r => r.Respondents)), options);
            })
            .ToList();
    }

    public async Task<IReadOnlyList<ForwardedRow>> ForwardedAsync(string programId, CancellationToken ct) =>
        (await db.FeedbackComments.AsNoTracking().Where(c => c.ProgramId == programId)
            .Select(c => new ForwardedRow(c.Release, c.PageId, c.Text, c.ForwardedAt)).ToListAsync(ct))
        .OrderByDescending(c => c.ForwardedAt).ToList();
}
