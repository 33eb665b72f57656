namespace ContentPlatform.Contract.Feedback;

/// <summary>
/// What one Delivery installation tells the Cms about its patients' feedback (POST /api/feedback): counts only, already
/// k-suppressed, and the comments a clinic admin chose to forward. A null count means "fewer than k" (hidden); nothing
/// here names or identifies a patient, so the Cms keeps holding no patient data (docs/security.md).
/// </summary>
/// <param name="MinCellSize">The k the counts were suppressed with: every shown count is 0 or at least k.</param>
public sealed record FeedbackReport(int MinCellSize, IReadOnlyList<ProgramFeedback> Programs);

public sealed record ProgramFeedback(string ProgramId, IReadOnlyList<PageFeedbackCounts> Pages,
    IReadOnlyList<EvaluationItemCounts> Evaluation, IReadOnlyList<ForwardedFeedback> Forwarded);

/// <summary>"Var denne sida nyttig?" on one page of one release: yes, no, and how many answers carried a comment.</summary>
public sealed record PageFeedbackCounts(int Release, string PageId, int? Yes, int? No, int? Comments);

/// <summary>How one item of an evaluation questionnaire was answered in one release: respondents and a count per option value.</summary>
public sealed record EvaluationItemCounts(int Release, string QuestionnaireId, string ItemId, int? Respondents,
    IReadOnlyList<OptionCount> Options);

public sealed record OptionCount(int Value, int? Count);

/// <summary>A comment a clinic admin edited for identifying details and forwarded; <paramref name="Id"/> is random, not the patient's.</summary>
public sealed record ForwardedFeedback(Guid Id, int Release, string PageId, string Text, DateTimeOffset ForwardedAt);

/// <summary>The shape rules both ends agree on; the Cms refuses a report that breaks any of them.</summary>
public static class FeedbackRules
{
    /// <summary>The longest comment a patient may write, and so the longest forwarded text.</summary>
    public const int MaxCommentLength = 500;

    public const int MaxIdLength = 64;

    /// <summary>The first broken rule as a path and a reason, or null for a well-formed, suppressed report.</summary>
    public static (string Path, string Reason)? Check(FeedbackReport report)
    {
        var k = report.MinCellSize;
        if (k is < 2 or > 100)
        {
            return ("minCellSize", "must be 2–100");
        }
        bool Small(int? v) => v is { } n && (n < 0 || (n > 0 && n < k));
        for (var p = 0; p < report.Programs.Count; p++)
        {
            var program = report.Programs[p];
            var at = $"programs[{p}]";
            if (!IsId(program.ProgramId))
            {
                return (at + ".programId", "is not an id");
            }
            for (var i = 0; i < program.Pages.Count; i++)
            {
                var page = program.Pages[i];
                if (!IsId(page.PageId) || page.Release < 1)
                {
                    return ($"{at}.pages[{i}]", "needs a page id and a release number");
                }
                if (Small(page.Yes) || Small(page.No) || Small(page.Comments))
                {
                    return ($"{at}.pages[{i}]", $"a count between 1 and {k - 1} must be suppressed");
                }
            }
            for (var i = 0; i < program.Evaluation.Count; i++)
            {
                var item = program.Evaluation[i];
                if (!IsId(item.QuestionnaireId) || !IsId(item.ItemId) || item.Release < 1)
                {
                    return ($"{at}.evaluation[{i}]", "needs a questionnaire id, an item id and a release number");
                }
                if (Small(item.Respondents) || item.Options.Any(o => Small(o.Count)))
                {
                    return ($"{at}.evaluation[{i}]", $"a count between 1 and {k - 1} must be suppressed");
                }
            }
            for (var i = 0; i < program.Forwarded.Count; i++)
            {
                var comment = program.Forwarded[i];
                if (!IsId(comment.PageId) || comment.Release < 1 || string.IsNullOrWhiteSpace(comment.Text)
                    || comment.Text.Length > MaxCommentLength || comment.Id == Guid.Empty)
                {
                    return ($"{at}.forwarded[{i}]", $"needs an id, a page, a release and a text of 1–{MaxCommentLength} characters");
                }
            }
        }
        return null;
    }

    private static bool IsId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
