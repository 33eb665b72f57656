using System.Text.Json;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;
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

    /// <summary>
    /// Refused: a field's sequence number is not newer than the one stored (an older request that landed after a newer
    /// one, or another tab or device got there first). Nothing was written.
    /// </summary>
    Stale,
}

/// <summary>What a save did, and the highest sequence number now stored for each field it named.</summary>
public sealed record AnswerSave(SaveOutcome Outcome, IReadOnlyDictionary<string, long> Sequences)
{
    public static implicit operator AnswerSave(SaveOutcome outcome) => new(outcome, new Dictionary<string, long>());
}

public sealed record QuestionnaireOutcome(SaveOutcome Outcome, QuestionnaireResult? Result = null, QuestionnaireDefinition? Definition = null,
    IReadOnlyList<string>? Unanswered = null);

/// <summary>
/// Saving what patients write. Every save is an upsert on (enrollment, block, field), so autosave, a plain form post and
/// a form posted twice all end in one row. Nothing is saved into a locked module, and nothing over the length limit is
/// cut: the caller keeps the text and tells the patient. Autosaves are numbered per field by the page script; a save
/// whose number is not newer than the stored one is refused as a whole, so requests arriving out of order never put older
/// text over newer. A save without numbers (a form posted without JavaScript) always writes, and counts as one step
/// newer than what was stored, so an autosave sent before it from an open tab is refused.
/// </summary>
public sealed class AnswerService(DeliveryDbContext db, DeliveryWriteGate gate, ProgressRecorder progress, TimeProvider clock,
    IAnswerListener listener,
    ReleaseLookup lookup, Reading.PatientPageCache pages)
{
    public const int MaxLength = 20_000;

    public async Task<AnswerSave> SaveAsync(PatientProgram program, string blockId, IReadOnlyDictionary<string, string> fields,
        int postedRelease, string language, CancellationToken ct, IReadOnlyDictionary<string, long>? sequences = null)
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
        if (fields.Keys.Any(f => !allowed.Contains(f)) || sequences?.Any(s => !fields.ContainsKey(s.Key) || s.Value < 1) == true)
        {
            return SaveOutcome.NotFound;
        }
        AnswerSave? outcome = null;
        for (var attempt = 1; outcome is null; attempt++)
        {
            try
            {
                using (await gate.EnterAsync(ct))
                {
                    outcome = await WriteAsync(program, release, module, block, fields, sequences, language, ct);
                }
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // PostgreSQL has no writer gate: another save of this block committed between our read and our write (the
                // sequence is a concurrency token, the field key unique). Read again and decide again.
                db.ChangeTracker.Clear();
            }
        }
        if (outcome.Outcome == SaveOutcome.Stale)
        {
            return outcome;
        }
        await pages.EvictEnrollmentAsync(program.Enrollment.Id, ct);
        return outcome with { Outcome = postedRelease != program.Release.Number ? SaveOutcome.SavedFromOlderRelease : SaveOutcome.Saved };
    }

    private async Task<AnswerSave> WriteAsync(PatientProgram program, ProgramRelease release, ModuleContent module, Block block,
        IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, long>? sequences, string language, CancellationToken ct)
    {
        var enrollment = await db.Enrollments.FirstAsync(e => e.Id == program.Enrollment.Id, ct);
        var existing = await db.Answers.Where(a => a.EnrollmentId == enrollment.Id && a.BlockId == block.Id).ToListAsync(ct);
        if (Stale(existing, fields, sequences))
        {
            return new AnswerSave(SaveOutcome.Stale, fields.Keys.ToDictionary(f => f, f => existing.FirstOrDefault(a => a.FieldId == f)?.Sequence ?? 0));
        }
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        var changed = false;
        var renumbered = false;
        foreach (var (fieldId, value) in fields)
        {
            var row = existing.FirstOrDefault(a => a.FieldId == fieldId);
            if (row is null)
            {
                row = new Answer { EnrollmentId = enrollment.Id, ModuleId = module.Id, BlockId = block.Id, FieldId = fieldId };
                db.Answers.Add(row);
            }
            var sequence = sequences?.TryGetValue(fieldId, out var numbered) == true ? numbered : row.Sequence + 1;
            renumbered |= sequence > row.Sequence;
            row.Sequence = stored[fieldId] = Math.Max(sequence, row.Sequence);
            if (row.Value == value && row.Release == release.Number && row.Id != 0)
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
            progress.Answered(db, enrollment, module.Id, block.Id, release.Number);
            if (block is QuizBlock quiz && fields.TryGetValue("choice", out var choice) && IsCorrect(quiz, choice))
            {
                progress.Passed(db, enrollment, module.Id, block.Id, release.Number);
            }
        }
        if (changed || renumbered)
        {
            await db.SaveChangesAsync(ct);
        }
        return new AnswerSave(SaveOutcome.Saved, stored);
    }

    /// <summary>
    /// True when any numbered field is older than what is stored, or has the stored number with other text (two writers
    /// picked the same number). The same number with the same text is a resend of what is already stored: accepted.
    /// </summary>
    private static bool Stale(List<Answer> existing, IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, long>? sequences) =>
        sequences is not null && sequences.Any(s => existing.FirstOrDefault(a => a.FieldId == s.Key) is { } row
            && (s.Value < row.Sequence || (s.Value == row.Sequence && row.Value != fields[s.Key])));

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
        var saved = await StoreAsync(program, release.Number, module.Id, blockId, definition, score, answers, submissionId, null, ct);
        return new(postedRelease != program.Release.Number ? SaveOutcome.SavedFromOlderRelease : SaveOutcome.Saved, saved, definition);
    }

    /// <summary>
    /// A questionnaire on the plan answered outside a module page: a due weekly, module-start or program-end form, or a
    /// follow-up check-in (<paramref name="occurrence"/> the due key, or <see cref="QuestionnaireResult.OwnInitiative"/>).
    /// Scored, banded and alerted exactly as on a module page, so the caseload reads it the same way.
    /// </summary>
    public async Task<QuestionnaireOutcome> SubmitPlannedAsync(PatientProgram program, string questionnaireId, string occurrence,
        IReadOnlyDictionary<string, int> answers, Guid submissionId, CancellationToken ct)
    {
        if (program.Content.Questionnaires.FirstOrDefault(q => q.Id == questionnaireId) is not { } definition)
        {
            return new(SaveOutcome.NotFound);
        }
        var score = QuestionnaireScorer.Score(definition, answers);
        if (!score.IsValid || !score.IsComplete)
        {
            return new(SaveOutcome.Incomplete, Definition: definition,
                Unanswered: score.IsValid ? score.UnansweredItems : definition.Items.Select(i => i.Id).ToList());
        }
        var saved = await StoreAsync(program, program.Release.Number, "", "", definition, score, answers, submissionId, occurrence, ct);
        return new(SaveOutcome.Saved, saved, definition);
    }

    private async Task<QuestionnaireResult> StoreAsync(PatientProgram program, int releaseNumber, string moduleId, string blockId,
        QuestionnaireDefinition definition, QuestionnaireScore score, IReadOnlyDictionary<string, int> answers, Guid submissionId,
        string? occurrence, CancellationToken ct)
    {
        QuestionnaireResult saved;
        using (await gate.EnterAsync(ct))
        {
            var already = await db.QuestionnaireResults.AsNoTracking()
                .FirstOrDefaultAsync(r => r.EnrollmentId == program.Enrollment.Id && r.SubmissionId == submissionId, ct);
            if (already is not null)
            {
                return already; // the same form posted twice: stored once
            }
            var enrollment = await db.Enrollments.FirstAsync(e => e.Id == program.Enrollment.Id, ct);
            var result = new QuestionnaireResult
            {
                EnrollmentId = enrollment.Id, ModuleId = moduleId, BlockId = blockId, QuestionnaireId = definition.Id,
                Release = releaseNumber, SubmissionId = submissionId,
                AnswersJson = JsonSerializer.Serialize(new SortedDictionary<string, int>(answers.ToDictionary(), StringComparer.Ordinal)),
                Total = score.Total, MaxTotal = MaxTotal(definition),
                Band = score.Band?.Color.ToString().ToLowerInvariant(),
                BandLabelJson = score.Band is null ? null : JsonSerializer.Serialize(score.Band.Label, ContractJson.Options),
                AlertsJson = JsonSerializer.Serialize(score.Alerts, ContractJson.Options),
                TrafficLight = score.TrafficLight?.ToString().ToLowerInvariant(),
                SubmittedAt = clock.GetUtcNow(),
                Occurrence = occurrence,
            };
            db.QuestionnaireResults.Add(result);
            if (moduleId.Length > 0)
            {
                progress.Answered(db, enrollment, moduleId, blockId, releaseNumber);
            }
            else
            {
                enrollment.LastActivityAt = result.SubmittedAt; // a check-in is activity, though it belongs to no module
            }
            await db.SaveChangesAsync(ct);
            saved = result;
        }
        await pages.EvictEnrollmentAsync(program.Enrollment.Id, ct);
        await listener.AnsweredAsync(program.Enrollment.Id, ct); // after the commit, outside the writer gate
        return saved;
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
