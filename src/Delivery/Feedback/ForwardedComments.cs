using ContentPlatform.Contract.Feedback;
using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Feedback;

/// <summary>A patient's comment as the clinic admin sees it: no name, no enrollment — the text with program, page and date.</summary>
public sealed record CommentRow(long Id, string ProgramId, int Release, string ModuleId, string PageId, bool Useful, string Comment,
    DateTimeOffset At, bool Forwarded);

public enum ForwardOutcome
{
    Forwarded,
    NotConfirmed,
    Empty,
    TooLong,
    NotFound,
}

/// <summary>The clinic admin's side of free-text comments: read them (paged, newest first) and forward an edited copy.</summary>
public sealed class ForwardedComments(DeliveryDbContext db, DeliveryWriteGate gate, TimeProvider clock, ILogger<ForwardedComments> logger)
{
    public const int PageSize = 20;

    public async Task<(IReadOnlyList<CommentRow> Rows, bool HasMore)> ListAsync(int page, CancellationToken ct)
    {
        var skip = Math.Max(0, page - 1) * PageSize;
        // Newest first by Id, which grows with time (SQLite cannot order by a DateTimeOffset column).
        var rows = await db.PageFeedback.AsNoTracking().Where(f => f.Comment != null).OrderByDescending(f => f.Id).Skip(skip).Take(PageSize + 1)
            .Select(f => new CommentRow(f.Id, f.ProgramId, f.Release, f.ModuleId, f.PageId, f.Useful, f.Comment!, f.At,
                db.ForwardedComments.Any(c => c.SourceFeedbackId == f.Id)))
            .ToListAsync(ct);
        return (rows.Take(PageSize).ToList(), rows.Count > PageSize);
    }

    public async Task<CommentRow?> FindAsync(long id, CancellationToken ct) =>
        await db.PageFeedback.AsNoTracking().Where(f => f.Id == id && f.Comment != null)
            .Select(f => new CommentRow(f.Id, f.ProgramId, f.Release, f.ModuleId, f.PageId, f.Useful, f.Comment!, f.At,
                db.ForwardedComments.Any(c => c.SourceFeedbackId == f.Id)))
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// Stores the admin's edited text for the content team, only with the confirmation that nothing in it identifies the
    /// patient. The row is the audit record (who, when, which comment); the log line names neither text nor patient.
    /// </summary>
    public async Task<ForwardOutcome> ForwardAsync(long id, string? text, bool confirmed, string adminId, string adminName, CancellationToken ct)
    {
        var clean = PageFeedbackService.Clean(text);
        if (!confirmed)
        {
            return ForwardOutcome.NotConfirmed;
        }
        if (clean is null)
        {
            return ForwardOutcome.Empty;
        }
        if (clean.Length > FeedbackRules.MaxCommentLength)
        {
            return ForwardOutcome.TooLong;
        }
        if (await db.PageFeedback.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct) is not { } source)
        {
            return ForwardOutcome.NotFound;
        }
        var row = new ForwardedComment
        {
            PublicId = Guid.NewGuid(), SourceFeedbackId = source.Id, ProgramId = source.ProgramId, Release = source.Release, PageId = source.PageId,
            Text = clean, ForwardedById = adminId, ForwardedByName = adminName, ForwardedAt = clock.GetUtcNow(),
        };
        using (await gate.EnterAsync(ct))
        {
            db.ForwardedComments.Add(row);
            await db.SaveChangesAsync(ct);
        }
        logger.LogInformation("Feedback comment {Comment} forwarded to the content team by {Admin}", row.Id, adminId);
        return ForwardOutcome.Forwarded;
    }

    public async Task<IReadOnlyList<ForwardedComment>> ForwardLogAsync(CancellationToken ct) =>
        await db.ForwardedComments.AsNoTracking().OrderByDescending(c => c.Id).Take(50).ToListAsync(ct);
}
