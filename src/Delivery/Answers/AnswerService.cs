using System.Text.Json;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Shared.Contract;
using ContentPlatform.Shared.Questionnaires;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Answers;

public enum SaveOutcome
{
    Saved,

    /// <summary>Saved, but the page was from an older release (the patient is told the content changed).</summary>
    SavedFromOlderRelease,
    TooLong,
    NotFound,
    ModuleLocked,
    Incomplete,
}

public sealed record QuestionnaireOutcome(SaveOutcome Outcome, QuestionnaireResult? Result = null, QuestionnaireDefinition? Definition = null,
    IReadOnlyList<string>? Unanswered = null);

/// <summary>
/// Saving what patients write. Every save is an upsert on (enrollment, block, field), so autosave, a plain form post and
/// a form posted twice all end in one row. Nothing is saved into a locked module, and nothing over the length limit is
/// cut: the caller keeps the text and tells the patient.
/// </summary>
public sealed class AnswerService(DeliveryDbContext db, DeliveryWriteGate gate, ProgressRecorder progress, TimeProvider clock,
    CareTeams.CaseloadNotifier caseload,
    ReleaseLookup lookup, Reading.PatientPageCache pages)
{
    public const int MaxLength = 20_000;

    public async Task<SaveOutcome> SaveAsync(PatientProgram program, string blockId, IReadOnlyDictionary<string, string> fields,
        int postedRelease, string language, CancellationToken ct)
    {
        if (fields.Values.Any(v => v.Length > MaxLength))
        {
            return SaveOutcome.TooLong;
        }
        var found = await lookup.FindBlockAsync(program, blockId, postedRelease, ct);
        if (found is null)
        {
            return SaveOutcome.NotFound;
        }
        var (release, module, block) = found.Value;
        if (program.Module(module.Id) is not { IsAvailable: true })
        {
            return SaveOutcome.ModuleLocked;
        }
        var allowed = FieldIds(block);
        if (fields.Keys.Any(f => !allowed.Contains(f)))
        {
            return SaveOutcome.NotFound;
        }
        using (await gate.EnterAsync(ct))
        {
            var enrollment = await db.Enrollments.FirstAsync(e => e.Id == program.Enrollment.Id, ct);
            var existing = await db.Answers.Where(a => a.EnrollmentId == enrollment.Id && a.BlockId == blockId).ToListAsync(ct);
            var changed = false;
            foreach (var (fieldId, value) in fields)
            {
                var row = existing.FirstOrDefault(a => a.FieldId == fieldId);
                if (row is null)
                {
                    row = new Answer { EnrollmentId = enrollment.Id, ModuleId = module.Id, BlockId = blockId, FieldId = fieldId };
                    db.Answers.Add(row);
                }
                else if (row.Value == value && row.Release == release.Number)
                {
                    continue;
                }
                row.Value = value;
                row.Release = release.Number;
                row.ModuleId = module.Id;
                row.SeenText = SeenText(release.Content, block, fieldId, language);
                row.UpdatedAt = clock.GetUtcNow();
                changed = true;
            }
            if (changed)
            {
                progress.Answered(db, enrollment, module.Id, blockId, release.Number);
                if (block is QuizBlock quiz && fields.TryGetValue("choice", out var choice) && IsCorrect(quiz, choice))
                {
                    progress.Passed(db, enrollment, module.Id, blockId, release.Number);
                }
                await db.SaveChangesAsync(ct);
            }
        }
        await pages.EvictEnrollmentAsync(program.Enrollment.Id, ct);
        return postedRelease != program.Release.Number ? SaveOutcome.SavedFromOlderRelease : SaveOutcome.Saved;
    }

    public async Task<QuestionnaireOutcome> SubmitQuestionnaireAsync(PatientProgram program, string blockId,
        IReadOnlyDictionary<string, int> answers, Guid submissionId, int postedRelease, CancellationToken ct)
    {
        var found = await lookup.FindBlockAsync(program, blockId, postedRelease, ct);
        if (found is not { Block: QuestionnaireBlock qb } || found.Value.Release.Content.Questionnaires.FirstOrDefault(q => q.Id == qb.Ref) is not { } definition)
        {
            return new(SaveOutcome.NotFound);
        }
        var (release, module, _) = found.Value;
        if (program.Module(module.Id) is not { IsAvailable: true })
        {
            return new(SaveOutcome.ModuleLocked);
        }
        var score = QuestionnaireScorer.Score(definition, answers);
        if (!score.IsValid || !score.IsComplete)
        {
            return new(SaveOutcome.Incomplete, Definition: definition,
                Unanswered: score.IsValid ? score.UnansweredItems : definition.Items.Select(i => i.Id).ToList());
        }
        QuestionnaireResult saved;
        using (await gate.EnterAsync(ct))
        {
            var already = await db.QuestionnaireResults.AsNoTracking()
                .FirstOrDefaultAsync(r => r.EnrollmentId == program.Enrollment.Id && r.SubmissionId == submissionId, ct);
            if (already is not null)
            {
                return new(SaveOutcome.Saved, already, definition); // the same form posted twice: stored once
            }
            var enrollment = await db.Enrollments.FirstAsync(e => e.Id == program.Enrollment.Id, ct);
            var result = new QuestionnaireResult
            {
                EnrollmentId = enrollment.Id, ModuleId = module.Id, BlockId = blockId, QuestionnaireId = definition.Id,
                Release = release.Number, SubmissionId = submissionId,
                AnswersJson = JsonSerializer.Serialize(new SortedDictionary<string, int>(answers.ToDictionary(), StringComparer.Ordinal)),
                Total = score.Total, MaxTotal = MaxTotal(definition),
                Band = score.Band?.Color.ToString().ToLowerInvariant(),
                BandLabelJson = score.Band is null ? null : JsonSerializer.Serialize(score.Band.Label, ContractJson.Options),
                AlertsJson = JsonSerializer.Serialize(score.Alerts, ContractJson.Options),
                TrafficLight = score.TrafficLight?.ToString().ToLowerInvariant(),
                SubmittedAt = clock.GetUtcNow(),
            };
            db.QuestionnaireResults.Add(result);
            progress.Answered(db, enrollment, module.Id, blockId, release.Number);
            await db.SaveChangesAsync(ct);
            saved = result;
        }
        await pages.EvictEnrollmentAsync(program.Enrollment.Id, ct);
        await caseload.ChangedAsync(program.Enrollment.Id, ct); // after the commit, outside the writer gate
        return new(postedRelease != program.Release.Number ? SaveOutcome.SavedFromOlderRelease : SaveOutcome.Saved, saved, definition);
    }

    /// <summary>Completes a module once every questionnaire in it has been answered; returns the ones still missing.</summary>
    public async Task<(SaveOutcome Outcome, IReadOnlyList<QuestionnaireBlock> Missing)> CompleteModuleAsync(PatientProgram program,
        string moduleId, CancellationToken ct)
    {
        var status = program.Module(moduleId);
        if (status is null)
        {
            return (SaveOutcome.NotFound, []);
        }
        if (!status.IsAvailable)
        {
            return (SaveOutcome.ModuleLocked, []);
        }
        var questionnaires = status.Module.Pages.SelectMany(p => p.Blocks).OfType<QuestionnaireBlock>().ToList();
        var answered = (await db.QuestionnaireResults.AsNoTracking().Where(r => r.EnrollmentId == program.Enrollment.Id && r.ModuleId == moduleId)
            .Select(r => r.BlockId).ToListAsync(ct)).ToHashSet();
        var missing = questionnaires.Where(q => !answered.Contains(q.Id)).ToList();
        if (missing.Count > 0)
        {
            return (SaveOutcome.Incomplete, missing);
        }
        if (status.State == ModuleState.Completed)
        {
            return (SaveOutcome.Saved, []);
        }
        using (await gate.EnterAsync(ct))
        {
            var enrollment = await db.Enrollments.FirstAsync(e => e.Id == program.Enrollment.Id, ct);
            await progress.CompletedAsync(db, enrollment, program.Content, moduleId, program.Release.Number, ct);
            await db.SaveChangesAsync(ct);
        }
        await pages.EvictEnrollmentAsync(program.Enrollment.Id, ct);
        return (SaveOutcome.Saved, []);
    }

    public static int MaxTotal(QuestionnaireDefinition definition) =>
        definition.Items.Sum(i => definition.OptionsFor(i).Select(o => o.Value).DefaultIfEmpty(0).Max());

    public static bool IsCorrect(QuizBlock quiz, string choice)
    {
        var chosen = choice.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return chosen.SetEquals(quiz.Options.Where(o => o.Correct).Select(o => o.Id));
    }

    public static IReadOnlySet<string> FieldIds(Block block) => block switch
    {
        ExerciseBlock { Kind: ExerciseKind.Worksheet } e => e.Fields.Select(f => f.Id).ToHashSet(),
        ExerciseBlock { Kind: ExerciseKind.Checklist } e => e.Items.Select(f => f.Id).ToHashSet(),
        ExerciseBlock { Kind: ExerciseKind.Rating } => new HashSet<string> { "rating" },
        ExerciseBlock => new HashSet<string> { "text" },
        QuizBlock => new HashSet<string> { "choice" },
        _ => new HashSet<string>(),
    };

    /// <summary>The question exactly as the patient saw it, for reading the answer later whatever later releases change.</summary>
    public static string SeenText(ProgramContent program, Block block, string fieldId, string language)
    {
        var fallback = program.FallbackFor(language);
        string T(LocalizedText? t) => t?.Resolve(language, fallback) ?? "";
        return block switch
        {
            ExerciseBlock e => string.Join(" — ", new[]
            {
                T(e.Title), T(e.Prompt),
                T(e.Fields.FirstOrDefault(f => f.Id == fieldId)?.Label ?? e.Items.FirstOrDefault(i => i.Id == fieldId)?.Text),
            }.Where(s => s.Length > 0)),
            QuizBlock q => T(q.Question),
            _ => "",
        };
    }
}
