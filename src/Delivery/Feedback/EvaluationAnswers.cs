using System.Text.Json;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Feedback;

/// <summary>
/// A patient's answers to a program's evaluation questionnaire (kind "evaluation"), one per enrollment, questionnaire and
/// release. Kept apart from clinical questionnaire results on purpose: no score, band or alert, never on the caseload
/// or in the therapist's views; only counted, k-suppressed, for the content team.
/// </summary>
public sealed class EvaluationAnswer
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string ProgramId { get; init; }
    public required string QuestionnaireId { get; init; }
    public required int Release { get; init; }

    /// <summary>{"itemId": optionValue, …}</summary>
    public string AnswersJson { get; set; } = "{}";

    public DateTimeOffset At { get; set; }
}

internal sealed class EvaluationAnswerConfiguration : IEntityTypeConfiguration<EvaluationAnswer>
{
    public void Configure(EntityTypeBuilder<EvaluationAnswer> builder)
    {
        builder.ToTable("EvaluationAnswers");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ProgramId).HasMaxLength(64);
        builder.Property(a => a.QuestionnaireId).HasMaxLength(64);
        builder.HasIndex(a => new { a.EnrollmentId, a.QuestionnaireId, a.Release }).IsUnique();
        builder.HasIndex(a => a.ProgramId);
    }
}

/// <summary>Offers and stores the evaluation at program end: once every module is completed.</summary>
public sealed class EvaluationService(DeliveryDbContext db, DeliveryWriteGate gate, TimeProvider clock)
{
    /// <summary>The program's evaluation questionnaires, offered only when the last module is done.</summary>
    public static IReadOnlyList<QuestionnaireDefinition> Offered(PatientProgram program) =>
        program.Modules.Count > 0 && program.Modules.All(m => m.State == ModuleState.Completed)
            ? program.Content.Questionnaires.Where(QuestionnaireKinds.IsEvaluation).ToList()
            : [];

    public async Task<IReadOnlyDictionary<string, int>?> FindAsync(PatientProgram program, string questionnaireId, CancellationToken ct)
    {
        var row = await db.EvaluationAnswers.AsNoTracking().FirstOrDefaultAsync(a => a.EnrollmentId == program.Enrollment.Id
            && a.QuestionnaireId == questionnaireId && a.Release == program.Release.Number, ct);
        return row is null ? null : JsonSerializer.Deserialize<Dictionary<string, int>>(row.AnswersJson);
    }

    /// <summary>
    /// Stores a complete set of answers (every item, each with one of its options); answering again replaces. Returns the
    /// items left unanswered or answered with a value that is not an option — nothing is stored then.
    /// </summary>
    public async Task<IReadOnlyList<string>> SaveAsync(PatientProgram program, QuestionnaireDefinition definition,
        IReadOnlyDictionary<string, int> answers, CancellationToken ct)
    {
        var missing = definition.Items.Where(i => !answers.TryGetValue(i.Id, out var v) || definition.OptionsFor(i).All(o => o.Value != v))
            .Select(i => i.Id).ToList();
        if (missing.Count > 0)
        {
            return missing;
        }
        var json = JsonSerializer.Serialize(new SortedDictionary<string, int>(
            definition.Items.ToDictionary(i => i.Id, i => answers[i.Id]), StringComparer.Ordinal));
        var enrollmentId = program.Enrollment.Id;
        var release = program.Release.Number;
        using (await gate.EnterAsync(ct))
        {
            var row = await db.EvaluationAnswers.FirstOrDefaultAsync(a => a.EnrollmentId == enrollmentId && a.QuestionnaireId == definition.Id
                && a.Release == release, ct);
            if (row is null)
            {
                row = new EvaluationAnswer { EnrollmentId = enrollmentId, ProgramId = program.Enrollment.ProgramId, QuestionnaireId = definition.Id, Release = release };
                db.EvaluationAnswers.Add(row);
            }
            row.AnswersJson = json;
            row.At = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return [];
    }
}
