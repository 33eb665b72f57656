using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Pages.My;

/// <summary>Everything the patient has written in a program, with the question as they saw it, including blocks later removed.</summary>
public sealed class AnswersModel(PatientEnrollments enrollments, DeliveryDbContext db) : PageModel
{
    public PatientProgram Program { get; private set; } = null!;
    public IReadOnlyList<Answer> Answers { get; private set; } = [];
    public IReadOnlyList<QuestionnaireResult> Results { get; private set; } = [];
    public string Language => PageComposer.Language;

    public string T(LocalizedText text) => text.Resolve(Language, Program.Content.FallbackFor(Language));

    public bool InCurrentRelease(string blockId) => Program.Content.AllBlocks().Any(b => b.Block.Id == blockId);

    public string ModuleTitle(string moduleId) =>
        Program.Content.Modules.FirstOrDefault(m => m.Id == moduleId)?.Title is { } t ? T(t) : moduleId;

    /// <summary>
    /// A module's answers block by block. Each answer keeps the question as the patient saw it ("title — prompt — field");
    /// what the fields of one block share is shown once as its heading, so a worksheet's prompt is not repeated per field.
    /// </summary>
    public static IEnumerable<AnswerBlock> Blocks(IEnumerable<Answer> answers) =>
        answers.GroupBy(a => a.BlockId).Select(g =>
        {
            var list = g.ToList();
            var parts = list.Select(a => a.SeenText.Split(" — ")).ToList();
            var shared = list.Count == 1 ? parts[0].Length
                : Enumerable.Range(0, parts.Min(p => p.Length)).TakeWhile(i => parts.All(p => p[i] == parts[0][i])).Count();
            return new AnswerBlock(g.Key, string.Join(" — ", parts[0].Take(shared)),
                list.Select((a, i) => (string.Join(" — ", parts[i].Skip(shared)), a)).ToList());
        });

    public sealed record AnswerBlock(string BlockId, string Heading, IReadOnlyList<(string Label, Answer Answer)> Fields);

    public async Task<IActionResult> OnGetAsync(Guid enrollmentId, CancellationToken ct)
    {
        if (await enrollments.FindAsync(User, enrollmentId, ct) is not { } program)
        {
            return NotFound();
        }
        Program = program;
        Answers = await db.Answers.AsNoTracking().Where(a => a.EnrollmentId == enrollmentId).OrderBy(a => a.Id).ToListAsync(ct);
        Results = await db.QuestionnaireResults.AsNoTracking().Where(r => r.EnrollmentId == enrollmentId).OrderBy(r => r.Id).ToListAsync(ct);
        return Page();
    }
}
