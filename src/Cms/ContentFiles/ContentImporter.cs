using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Shared.Contract;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.ContentFiles;

public enum ImportOutcome
{
    Created,
    Updated,
    Unchanged,
}

public sealed record ImportedProgram(string Id, string Slug, ImportOutcome Outcome, int? PublishedRelease);

public sealed record ImportReport(IReadOnlyList<ImportedProgram> Programs, WorkflowError? Error, string? FailedProgram = null);

/// <summary>
/// Applies programs read from files: creates new ones, saves a new revision of changed ones, leaves identical ones
/// alone (so importing twice changes nothing). All-or-nothing: one transaction for the whole import.
/// With publish, each program whose content differs from its latest release goes through review and is published,
/// the sign-off recorded as the importing actor.
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
            int? released = null;
            if (publish && await NeedsReleaseAsync(draft!, program, ct))
            {
                error = await workflow.SubmitAsync(program.Id, actor, ct)
                    ?? await workflow.ApproveAsync(program.Id, "imported from reviewed files", actor, ct);
                if (error is null)
                {
                    var (release, publishError) = await workflow.PublishAsync(program.Id, actor, null, ct);
                    error = publishError;
                    released = release?.Number;
                }
                if (error is not null)
                {
                    return new ImportReport(results, error, program.Slug);
                }
            }
            results.Add(new ImportedProgram(program.Id, program.Slug, outcome, released));
        }
        await transaction.CommitAsync(ct);
        progress?.Report((programs.Count, programs.Count, "done"));
        return new ImportReport(results, null);
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
