using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Webhooks;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Programs;

/// <summary>Why an operation was refused; the code is stable (API, UI texts), problems list what blocks publishing.</summary>
public sealed record WorkflowError(string Code, string Message, IReadOnlyList<ContentProblem>? Problems = null)
{
    /// <summary>Values for the localized text of <see cref="Code"/> (e.g. who made the changes), in its placeholders' order.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
}

/// <summary>
/// The program lifecycle: create, save (with a revision each time), submit, send back, approve, publish (now or later),
/// withdraw, restore. Every state change is one transaction and leaves a workflow event. Role checks happen at the
/// endpoints; the rules about states and content happen here, so the API, the UI and the importer share them.
/// </summary>
public sealed class ProgramWorkflow(CmsDbContext db, TimeProvider clock, ReleaseNotifier notifier, ReleaseCache cache,
    IMediaCatalog media, PublishingOptions publishing)
{
    /// <summary>The actor the command-line import records: the files were reviewed in version control before the import.</summary>
    public const string ImportActor = "import (content files)";

    /// <summary>The media library as loaded for the current submit or publish (null until then).</summary>
    private Func<string, MediaLookupEntry?>? _mediaLookup;

    public async Task<(ProgramDraft? Draft, WorkflowError? Error)> CreateAsync(ProgramContent content, string actor, CancellationToken ct = default)
    {
        if (await db.Programs.AnyAsync(p => p.Id == content.Id, ct))
        {
            return (null, new("duplicate-id", $"A program with id '{content.Id}' already exists."));
        }
        if (await db.Programs.AnyAsync(p => p.Slug == content.Slug, ct))
        {
            return (null, new("duplicate-slug", $"The slug '{content.Slug}' is already used by another program."));
        }
        var now = clock.GetUtcNow();
        var log = new TranslationLog();
        log.RecordChanges(null, content, now);
        var draft = new ProgramDraft
        {
            Id = content.Id, Slug = content.Slug, Organisation = content.Organisation,
            DocumentJson = content.ToJson(), TranslationLogJson = log.ToJson(),
            Version = 1, State = WorkflowState.Draft, CreatedAt = now, UpdatedAt = now, UpdatedBy = actor, LatestRevision = 1,
        };
        db.Programs.Add(draft);
        db.Revisions.Add(NewRevision(draft, actor, now, "created"));
        Event(draft.Id, "created", actor, now, revision: 1);
        await db.SaveChangesAsync(ct);
        return (draft, null);
    }

    /// <summary>
    /// Saves a new version of the whole program. <paramref name="expectedVersion"/> is the version the editor started
    /// from: if someone saved in between, nothing is written and the caller gets a conflict (both texts stay recoverable:
    /// the other save is the latest revision, this one is still in the editor).
    /// </summary>
    public async Task<(ProgramDraft? Draft, WorkflowError? Error)> SaveAsync(string programId, ProgramContent content,
        int? expectedVersion, string actor, string summary = "saved", CancellationToken ct = default)
    {
        var draft = await db.Programs.FirstOrDefaultAsync(p => p.Id == programId, ct);
        if (draft is null)
        {
            return (null, new("not-found", $"No program '{programId}'."));
        }
        if (expectedVersion is { } v && v != draft.Version)
        {
            return (draft, new("conflict", $"The program was saved by {draft.UpdatedBy} at {draft.UpdatedAt:u} after you opened it (version {draft.Version}, you had {v})."));
        }
        if (content.Id != programId)
        {
            return (draft, new("id-changed", "A program's id never changes."));
        }
        if (content.Slug != draft.Slug && await db.Programs.AnyAsync(p => p.Slug == content.Slug && p.Id != programId, ct))
        {
            return (draft, new("duplicate-slug", $"The slug '{content.Slug}' is already used by another program."));
        }
        var json = content.ToJson();
        if (json == draft.DocumentJson)
        {
            return (draft, null); // nothing changed: no revision, so re-importing the same files is a no-op
        }
        var now = clock.GetUtcNow();
        var log = TranslationLog.Parse(draft.TranslationLogJson);
        log.RecordChanges(ProgramContent.FromJson(draft.DocumentJson), content, now);
        draft.DocumentJson = json;
        draft.TranslationLogJson = log.ToJson();
        draft.Slug = content.Slug;
        draft.Organisation = content.Organisation;
        draft.Version++;
        draft.LatestRevision++;
        draft.UpdatedAt = now;
        draft.UpdatedBy = actor;
        if (draft.State != WorkflowState.Draft)
        {
            // Approval covers the exact content the reviewer saw; any change needs a new review.
            Event(draft.Id, "reopened", actor, now, revision: draft.LatestRevision, comment: LogText.EditedWhile + draft.State);
            ClearApproval(draft);
            draft.State = WorkflowState.Draft;
        }
        db.Revisions.Add(NewRevision(draft, actor, now, summary));
        await db.SaveChangesAsync(ct);
        return (draft, null);
    }

    public async Task<WorkflowError?> AcceptTranslationAsync(string programId, string key, string language, string actor, CancellationToken ct = default)
    {
        var draft = await db.Programs.FirstOrDefaultAsync(p => p.Id == programId, ct);
        if (draft is null)
        {
            return new("not-found", $"No program '{programId}'.");
        }
        var log = TranslationLog.Parse(draft.TranslationLogJson);
        log.Accept(key, language, clock.GetUtcNow());
        draft.TranslationLogJson = log.ToJson();
        draft.Version++;
        Event(programId, "translation-accepted", actor, clock.GetUtcNow(), comment: $"{key} {language}");
        await db.SaveChangesAsync(ct);
        return null;
    }

    public IReadOnlyList<ContentProblem> Validate(ProgramDraft draft) =>
        PublishValidator.Validate(ProgramContent.FromJson(draft.DocumentJson), TranslationLog.Parse(draft.TranslationLogJson),
            mediaLookup: _mediaLookup, allowAlertsWithoutSafetyMessage: publishing.AllowAlertsWithoutSafetyMessage);

    /// <summary>Like <see cref="Validate(ProgramDraft)"/>, also checking media references against the media library.</summary>
    public async Task<IReadOnlyList<ContentProblem>> ValidateAsync(ProgramDraft draft, CancellationToken ct = default)
    {
        await LoadMediaAsync(ct);
        return Validate(draft);
    }

    private async Task LoadMediaAsync(CancellationToken ct) => _mediaLookup = await media.LookupAsync(ct);

    public async Task<WorkflowError?> SubmitAsync(string programId, string actor, CancellationToken ct = default)
    {
        await LoadMediaAsync(ct);
        return await TransitionAsync(programId, draft =>
        {
            if (draft.State != WorkflowState.Draft)
            {
                return new("wrong-state", $"Only a draft can be submitted for review (it is {draft.State}).");
            }
            var problems = Validate(draft);
            if (problems.Count > 0)
            {
                return new("invalid", $"{problems.Count} problem(s) must be fixed before review.", problems);
            }
            draft.State = WorkflowState.InReview;
            draft.ReviewComment = null;
            Event(draft.Id, "submitted", actor, clock.GetUtcNow(), revision: draft.LatestRevision);
            return null;
        }, ct);
    }

    public Task<WorkflowError?> SendBackAsync(string programId, string comment, string actor, CancellationToken ct = default) =>
        TransitionAsync(programId, draft =>
        {
            if (draft.State != WorkflowState.InReview)
            {
                return new("wrong-state", $"Only a program in review can be sent back (it is {draft.State}).");
            }
            if (string.IsNullOrWhiteSpace(comment))
            {
                return new("comment-required", "Say what needs to change: a comment is required when sending back.");
            }
            draft.State = WorkflowState.Draft;
            draft.ReviewComment = comment.Trim();
            Event(draft.Id, "sent-back", actor, clock.GetUtcNow(), revision: draft.LatestRevision, comment: comment.Trim());
            return null;
        }, ct);

    /// <summary>
    /// Clinical sign-off of exactly the latest revision, by someone other than whoever changed it (four eyes): an author
    /// of any revision since the last release, or the submitter, is refused unless Publishing:AllowSelfApproval is set.
    /// </summary>
    public async Task<WorkflowError?> ApproveAsync(string programId, string? comment, string actor, CancellationToken ct = default)
    {
        var authors = await AuthorsAsync(programId, ct);
        return await TransitionAsync(programId, draft =>
        {
            if (draft.State != WorkflowState.InReview)
            {
                return new("wrong-state", $"Only a program in review can be approved (it is {draft.State}).");
            }
            if (!publishing.AllowSelfApproval && authors.Contains(actor, StringComparer.OrdinalIgnoreCase))
            {
                var names = string.Join(", ", authors);
                return new("self-approval", $"{actor} changed this version (changes by {names}), so another reviewer must approve it.")
                {
                    Arguments = [names],
                };
            }
            return Approve(draft, comment, actor);
        }, ct);
    }

    /// <summary>
    /// The sign-off of <c>cms import --publish</c>: only the command line reaches it (shell access to the server and its
    /// database, which could bypass any check), the files having been reviewed in version control. It is recorded as
    /// the importing actor (<see cref="ImportActor"/> on the command line) for author and approver alike, so a release
    /// from files says so and names no person.
    /// </summary>
    public Task<WorkflowError?> ApproveImportAsync(string programId, string actor, CancellationToken ct = default) =>
        TransitionAsync(programId, draft => draft.State != WorkflowState.InReview
            ? new("wrong-state", $"Only a program in review can be approved (it is {draft.State}).")
            : Approve(draft, LogText.ImportApproval, actor), ct);

    /// <summary>
    /// Who made the changes an approval would cover: every revision author since the last release and whoever last
    /// submitted it, in order of first appearance.
    /// </summary>
    public async Task<IReadOnlyList<string>> AuthorsAsync(string programId, CancellationToken ct = default)
    {
        var released = await db.Releases.AsNoTracking().Where(r => r.ProgramId == programId).MaxAsync(r => (int?)r.Revision, ct) ?? 0;
        var authors = await db.Revisions.AsNoTracking().Where(r => r.ProgramId == programId && r.Number > released)
            .OrderBy(r => r.Number).Select(r => r.Author).ToListAsync(ct);
        var submitter = await db.WorkflowEvents.AsNoTracking().Where(e => e.ProgramId == programId && e.Action == "submitted")
            .OrderByDescending(e => e.Id).Select(e => e.Actor).FirstOrDefaultAsync(ct);
        if (submitter is not null)
        {
            authors.Add(submitter);
        }
        return authors.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private WorkflowError? Approve(ProgramDraft draft, string? comment, string actor)
    {
        var now = clock.GetUtcNow();
        draft.State = WorkflowState.Approved;
        draft.ApprovedRevision = draft.LatestRevision;
        draft.ApprovedBy = actor;
        draft.ApprovedAt = now;
        draft.ApprovalComment = comment;
        Event(draft.Id, "approved", actor, now, revision: draft.LatestRevision, comment: comment);
        return null;
    }

    /// <summary>Publishes the approved revision now, or schedules it for <paramref name="at"/>.</summary>
    public async Task<(ProgramReleaseRecord? Release, WorkflowError? Error)> PublishAsync(string programId, string actor,
        DateTimeOffset? at = null, CancellationToken ct = default)
    {
        var draft = await db.Programs.FirstOrDefaultAsync(p => p.Id == programId, ct);
        if (draft is null)
        {
            return (null, new("not-found", $"No program '{programId}'."));
        }
        if (draft.State != WorkflowState.Approved || draft.ApprovedRevision != draft.LatestRevision)
        {
            return (null, new("not-approved", "Only approved content can be published: submit it for review first."));
        }
        var problems = await ValidateAsync(draft, ct);
        if (problems.Count > 0)
        {
            return (null, new("invalid", $"{problems.Count} problem(s) must be fixed before publishing.", problems));
        }
        var now = clock.GetUtcNow();
        if (at is { } when && when > now)
        {
            draft.ScheduledPublishAt = when;
            draft.ScheduledBy = actor;
            Event(draft.Id, "scheduled", actor, now, revision: draft.LatestRevision, comment: when.ToString("O"));
            await db.SaveChangesAsync(ct);
            return (null, null);
        }
        var content = ProgramContent.FromJson(draft.DocumentJson);
        // The same people the approval was checked against: any save after approval cleared it.
        var authors = await AuthorsAsync(draft.Id, ct);
        var release = new ProgramRelease
        {
            ProgramId = draft.Id,
            Number = draft.LatestRelease + 1,
            PublishedAt = now,
            PublishedBy = actor,
            ContentHash = ProgramRelease.HashOf(content),
            Approval = draft.ApprovedBy is null ? null : new ReleaseApproval(draft.ApprovedBy, draft.ApprovedAt!.Value, draft.ApprovalComment, authors),
            Content = content,
            // Resolved now, with URLs that never expire, so the release stays playable whatever happens to the library.
            Media = await media.ManifestAsync(content.MediaKeys(), ct),
        };
        var record = new ProgramReleaseRecord
        {
            ProgramId = draft.Id, Number = release.Number, Revision = draft.LatestRevision,
            ReleaseJson = JsonSerializer.Serialize(release, ContractJson.Options), ContentHash = release.ContentHash,
            PublishedAt = now, PublishedBy = actor, ApprovedBy = draft.ApprovedBy, ApprovedAt = draft.ApprovedAt,
            Authors = string.Join(", ", authors),
        };
        db.Releases.Add(record);
        draft.LatestRelease = release.Number;
        draft.State = WorkflowState.Draft;
        draft.ScheduledPublishAt = null;
        draft.ScheduledBy = null;
        draft.WithdrawnAt = null;
        draft.Version++;
        ClearApproval(draft);
        Event(draft.Id, "published", actor, now, revision: record.Revision, release: release.Number);
        notifier.Enqueue(db, "release.published", draft.Id, draft.Slug, release.Number, now);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return (record, null);
    }

    /// <summary>Stops new enrollments; patients already enrolled keep the releases they have.</summary>
    public Task<WorkflowError?> WithdrawAsync(string programId, string actor, CancellationToken ct = default) =>
        TransitionAsync(programId, draft =>
        {
            if (draft.LatestRelease == 0 || draft.WithdrawnAt is not null)
            {
                return new("wrong-state", "Only a published program that is not already withdrawn can be withdrawn.");
            }
            var now = clock.GetUtcNow();
            draft.WithdrawnAt = now;
            Event(draft.Id, "withdrawn", actor, now, release: draft.LatestRelease);
            notifier.Enqueue(db, "release.withdrawn", draft.Id, draft.Slug, draft.LatestRelease, now);
            return null;
        }, ct, invalidatesReleases: true);

    public async Task<(ProgramDraft? Draft, WorkflowError? Error)> RestoreAsync(string programId, int revision, string actor, CancellationToken ct = default)
    {
        var old = await db.Revisions.AsNoTracking().FirstOrDefaultAsync(r => r.ProgramId == programId && r.Number == revision, ct);
        if (old is null)
        {
            return (null, new("not-found", $"No revision {revision} of '{programId}'."));
        }
        return await SaveAsync(programId, ProgramContent.FromJson(old.DocumentJson), null, actor, $"restored revision {revision}", ct);
    }

    /// <summary>Publishes every approved program whose scheduled time has come (called by the scheduler).</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var due = await db.Programs.Where(p => p.ScheduledPublishAt != null).Select(p => new { p.Id, p.ScheduledPublishAt, p.ScheduledBy })
            .ToListAsync(ct);
        var published = 0;
        foreach (var program in due.Where(p => p.ScheduledPublishAt <= now))
        {
            var (release, error) = await PublishAsync(program.Id, program.ScheduledBy ?? "scheduler", null, ct);
            if (release is not null)
            {
                published++;
            }
            else if (error is not null)
            {
                var draft = await db.Programs.FirstAsync(p => p.Id == program.Id, ct);
                draft.ScheduledPublishAt = null;
                // The code, not the English message: the log shows it in the reader's language.
                Event(program.Id, "schedule-failed", "scheduler", now, comment: error.Code);
                await db.SaveChangesAsync(ct);
            }
        }
        return published;
    }

    private async Task<WorkflowError?> TransitionAsync(string programId, Func<ProgramDraft, WorkflowError?> change, CancellationToken ct,
        bool invalidatesReleases = false)
    {
        var draft = await db.Programs.FirstOrDefaultAsync(p => p.Id == programId, ct);
        if (draft is null)
        {
            return new("not-found", $"No program '{programId}'.");
        }
        var error = change(draft);
        if (error is null)
        {
            draft.Version++;
            await db.SaveChangesAsync(ct);
            if (invalidatesReleases)
            {
                cache.Invalidate();
            }
        }
        return error;
    }

    private static void ClearApproval(ProgramDraft draft)
    {
        draft.ApprovedRevision = null;
        draft.ApprovedBy = null;
        draft.ApprovedAt = null;
        draft.ApprovalComment = null;
        draft.ScheduledPublishAt = null;
        draft.ScheduledBy = null;
    }

    private static ProgramRevision NewRevision(ProgramDraft draft, string actor, DateTimeOffset now, string summary) => new()
    {
        ProgramId = draft.Id, Number = draft.LatestRevision, DocumentJson = draft.DocumentJson,
        TranslationLogJson = draft.TranslationLogJson, Author = actor, CreatedAt = now, Summary = summary,
    };

    private void Event(string programId, string action, string actor, DateTimeOffset at, int? revision = null, int? release = null, string? comment = null) =>
        db.WorkflowEvents.Add(new WorkflowEvent
        {
            ProgramId = programId, Action = action, Actor = actor, At = at, Revision = revision, Release = release, Comment = comment,
        });
}
