using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>Small, publishable programs for UI tests: a module with a text block, an exercise and a questionnaire.</summary>
public static class ManagerSamples
{
    public static ProgramContent Valid(string id) => new()
    {
        Id = id, Slug = id, Kind = ProgramKind.Course, Unlock = new(UnlockMode.Free),
        Title = LocalizedText.Of("Pust rolig", "Pust roleg"),
        Modules =
        [
            new ModuleContent
            {
                Id = $"{id}-m1", Title = LocalizedText.Of("Første modul", "Første modul"),
                Pages =
                [
                    new PageContent
                    {
                        Id = $"{id}-p1", Title = LocalizedText.Of("Om pust", "Om pust"),
                        Blocks =
                        [
                            new TextBlock { Id = $"{id}-b1", Markdown = LocalizedText.Of("Pust inn gjennom nesen.", "Pust inn gjennom nasen.") },
                            new ExerciseBlock { Id = $"{id}-b2", Title = LocalizedText.Of("Øvelse", "Øving"), Prompt = LocalizedText.Of("Skriv hva du merker.", "Skriv kva du merkar.") },
                            new QuestionnaireBlock { Id = $"{id}-b3", Ref = $"{id}-q" },
                        ],
                    },
                ],
            },
        ],
        Questionnaires = [Questionnaire($"{id}-q")],
    };

    public static QuestionnaireDefinition Questionnaire(string id) => new()
    {
        Id = id, Title = LocalizedText.Of("Uro", "Uro"),
        Scale =
        [
            new AnswerOption { Value = 0, Text = LocalizedText.Of("Ikke", "Ikkje") },
            new AnswerOption { Value = 1, Text = LocalizedText.Of("Litt", "Litt") },
            // The alert on i2 fires at 2: publishing needs a safety message there (on the scale, so every item has it here).
            new AnswerOption { Value = 2, Text = LocalizedText.Of("Mye", "Mykje"), SafetyMessage = LocalizedText.Of("Ring 113 ved fare.", "Ring 113 ved fare.") },
        ],
        Items =
        [
            new QuestionnaireItem { Id = "i1", Text = LocalizedText.Of("Har du vært urolig?", "Har du vore uroleg?") },
            new QuestionnaireItem { Id = "i2", Text = LocalizedText.Of("Har du sovet dårlig?", "Har du sove dårleg?") },
        ],
        Bands =
        [
            new SeverityBand { From = 0, To = 1, Color = SeverityColor.Green, Label = LocalizedText.Of("Lite", "Lite") },
            new SeverityBand { From = 2, To = 3, Color = SeverityColor.Yellow, Label = LocalizedText.Of("Noe", "Noko") },
            new SeverityBand { From = 4, To = 4, Color = SeverityColor.Red, Label = LocalizedText.Of("Mye", "Mykje") },
        ],
        Alerts = [new AlertRule { Item = "i2", AtLeast = 2, Color = SeverityColor.Red, Reason = LocalizedText.Of("Søvnvansker", "Søvnvanskar") }],
    };

    /// <summary>Creates the program as <paramref name="actor"/> and, when asked, submits it for review.</summary>
    public static async Task CreateAsync(IServiceProvider services, ProgramContent program, string actor, bool submit = false)
    {
        await using var scope = services.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<ProgramWorkflow>();
        var (_, error) = await workflow.CreateAsync(program, actor);
        if (error is null && submit)
        {
            error = await workflow.SubmitAsync(program.Id, actor);
        }
        if (error is not null)
        {
            throw new InvalidOperationException($"{error.Code}: {error.Message} {string.Join("; ", error.Problems?.Select(p => p.Code + " " + p.Path) ?? [])}");
        }
    }
}
