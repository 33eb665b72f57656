using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Transfer.Files;

public enum ImportOutcome
{
    Created,
    Updated,
    Unchanged,
}

public sealed record ImportedProgram(string Id, string Slug, ImportOutcome Outcome, int? PublishedRelease, WorkflowError? PublishError = null);

public sealed record ImportReport(IReadOnlyList<ImportedProgram> Programs, WorkflowError? Error, string? FailedProgram = null);

/// <summary>
/// Applies programs read from files: creates new ones, saves a new revision of changed ones, leaves identical ones
/// alone (so importing twice changes nothing). All-or-nothing: the drafts are written in one transaction.
/// With publish, each program whose content differs from its latest release then goes through review and is published,
/// the sign-off recorded as <see cref="ProgramWorkflow.ImportActor"/> (four eyes happened on the files, in version control:
/// see <see cref="ProgramWorkflow.ApproveImportAsync"/>); a program that fails the publish checks stays a draft and the report
/// says why (publishing is per program, like publishing in the UI).
/// </summary>
public sealed class ContentImporter(CmsDbContext db, ProgramWorkflow workflow)
{
    public async Task<ImportReport> ImportAsync(IReadOnlyList<ProgramContent> programs, string actor, bool publish,
        IProgress<(int Done, int Total, string Item)>? progress = null, CancellationToken ct = default)
    {
        var results = new List<ImportedProgram>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        for (var i = 0; i < programs.Count; i++)
        {
            var program = programs[i];
            progress?.Report((i, programs.Count, program.Slug));
            var existing = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == program.Id, ct);
            ProgramDraft? draft;
            WorkflowError? error;
            ImportOutcome outcome;
            if (existing is null)
            {
                (draft, error) = await workflow.CreateAsync(program, actor, ct);
                outcome = ImportOutcome.Created;
            }
            else
            {
                (draft, error) = await workflow.SaveAsync(program.Id, program, null, actor, "imported from files", ct);
                outcome = draft is not null && draft.LatestRevision != existing.LatestRevision ? ImportOutcome.Updated : ImportOutcome.Unchanged;
            }
            if (error is not null)
            {
                return new ImportReport(results, error, program.Slug); // the transaction rolls back on dispose
            }
            results.Add(new ImportedProgram(program.Id, program.Slug, outcome, null));
        }
        await transaction.CommitAsync(ct);
        progress?.Report((programs.Count, programs.Count, "done"));
        if (publish)
        {
            for (var i = 0; i < results.Count; i++)
            {
                results[i] = await PublishAsync(results[i], programs[i], actor, ct);
            }
        }
        return new ImportReport(results, null);
    }

    private async Task<ImportedProgram> PublishAsync(ImportedProgram imported, ProgramContent content, string actor, CancellationToken ct)
    {
        var draft = await db.Programs.AsNoTracking().FirstAsync(p => p.Id == imported.Id, ct);
        if (!await NeedsReleaseAsync(draft, content, ct))
        {
            return imported;
        }
        var error = await workflow.SubmitAsync(imported.Id, actor, ct)
            ?? await workflow.ApproveImportAsync(imported.Id, actor, ct);
        if (error is null)
        {
            var (release, publishError) = await workflow.PublishAsync(imported.Id, actor, null, ct);
            if (publishError is null)
            {
                return imported with { PublishedRelease = release!.Number };
            }
            error = publishError;
        }
        return imported with { PublishError = error };
    }

    private async Task<bool> NeedsReleaseAsync(ProgramDraft draft, ProgramContent content, CancellationToken ct)
    {
        if (draft.LatestRelease == 0)
        {
            return true;
        }
        var hash = await db.Releases.AsNoTracking().Where(r => r.ProgramId == draft.Id && r.Number == draft.LatestRelease)
            .Select(r => r.ContentHash).FirstAsync(ct);
        return hash != ProgramRelease.HashOf(content);
    }
}
