using ContentPlatform.Contract.Feedback;
using ContentPlatform.Contract.Text;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Feedback;

public enum FeedbackOutcome
{
    Saved,
    Removed,
    NoAnswer,
    TooLong,
    UnknownPage,
}

/// <summary>
/// Stores and removes a patient's page feedback. The release is always the one the enrollment follows now (what the
/// patient is reading), never one the browser names; answering again for the same page and release replaces the answer.
/// </summary>
public sealed class PageFeedbackService(DeliveryDbContext db, DeliveryWriteGate gate, PatientPageCache pageCache, TimeProvider clock)
{
    /// <summary>The platform's rule for typed text (bidi overrides and control characters out, line breaks kept); blank is none.</summary>
    public static string? Clean(string? comment)
    {
        // Plain text: it is only ever written out HTML-encoded.
        var text = TextInput.Body(comment);
        return text.Length == 0 ? null : text;
    }

    public async Task<PageFeedback?> FindAsync(PatientProgram program, string pageId, CancellationToken ct) =>
        await db.PageFeedback.AsNoTracking().FirstOrDefaultAsync(f => f.EnrollmentId == program.Enrollment.Id && f.PageId == pageId
            && f.Release == program.Release.Number, ct);

    public async Task<FeedbackOutcome> SaveAsync(PatientProgram program, string moduleId, string pageId, bool? useful, string? comment,
        CancellationToken ct)
    {
        if (program.Module(moduleId)?.Module.Pages.Any(p => p.Id == pageId) != true)
        {
            return FeedbackOutcome.UnknownPage;
        }
        var text = Clean(comment);
        if (text is { Length: > FeedbackRules.MaxCommentLength })
        {
            return FeedbackOutcome.TooLong;
        }
        if (useful is not { } answer)
        {
            return FeedbackOutcome.NoAnswer;
        }
        var enrollmentId = program.Enrollment.Id;
        var release = program.Release.Number;
        for (var attempt = 0; ; attempt++)
        {
            using (await gate.EnterAsync(ct))
            {
                var row = await db.PageFeedback.FirstOrDefaultAsync(f => f.EnrollmentId == enrollmentId && f.PageId == pageId && f.Release == release, ct);
                if (row is null)
                {
                    row = new PageFeedback
                    {
                        EnrollmentId = enrollmentId, ProgramId = program.Enrollment.ProgramId, Release = release, ModuleId = moduleId, PageId = pageId,
                    };
                    db.PageFeedback.Add(row);
                }
                row.Useful = answer;
                row.Comment = text;
                row.At = clock.GetUtcNow();
                try
                {
                    await db.SaveChangesAsync(ct);
                    break;
                }
                catch (DbUpdateException) when (attempt == 0)
                {
                    // PostgreSQL has no writer gate: a second tab inserted the same (enrollment, page, release) first.
                    // Forget our insert and replace theirs instead.
                    db.ChangeTracker.Clear();
                }
            }
        }
        await pageCache.EvictEnrollmentAsync(enrollmentId, ct);
        return FeedbackOutcome.Saved;
    }

    /// <summary>Deletes the patient's feedback on this page (this release); a forwarded copy, already de-identified, stays.</summary>
    public async Task<FeedbackOutcome> RemoveAsync(PatientProgram program, string pageId, CancellationToken ct)
    {
        var enrollmentId = program.Enrollment.Id;
        var release = program.Release.Number;
        using (await gate.EnterAsync(ct))
        {
            await db.PageFeedback.Where(f => f.EnrollmentId == enrollmentId && f.PageId == pageId && f.Release == release).ExecuteDeleteAsync(ct);
        }
        await pageCache.EvictEnrollmentAsync(enrollmentId, ct);
        return FeedbackOutcome.Removed;
    }
}
