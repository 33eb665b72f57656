using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>Small, valid two-language programs for tests (every text in nb and nn, bands covering every total).</summary>
public static class TestPrograms
{
    public static LocalizedText T(string nb, string nn) => LocalizedText.Of(nb, nn);

    public static ProgramContent Guided(string id = "test-uro", string? slug = null, int modules = 2) => new()
    {
        Id = id,
        Slug = slug ?? id,
        Kind = ProgramKind.Guided,
        Organisation = "helse-test",
        Languages = ["nb", "nn"],
        Fallback = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["nn"] = ["nb"] },
        Unlock = new UnlockRule(UnlockMode.Therapist),
        ReplyTimeDays = 2,
        Title = T("Mestring av uro", "Meistring av uro"),
        Summary = T("Et program om uro.", "Eit program om uro."),
        Modules = Enumerable.Range(1, modules).Select(Module).ToList(),
        Questionnaires = [Checkin()],
    };

    public static ModuleContent Module(int n) => new()
    {
        Id = $"{Prefix}m{n}",
        Title = T($"Modul {n}", $"Modul {n}"),
        Questionnaire = "checkin",
        Pages =
        [
            new PageContent
            {
                Id = $"{Prefix}m{n}-p1",
                Title = T($"Side {n}", $"Side {n}"),
                Blocks =
                [
                    new TextBlock { Id = $"{Prefix}m{n}-intro", Markdown = T("## Hva er uro?\n\nUro er vanlig.", "## Kva er uro?\n\nUro er vanleg.") },
                    new ExerciseBlock
                    {
                        Id = $"{Prefix}m{n}-diary", Kind = ExerciseKind.Worksheet, Title = T("Dagbok", "Dagbok"),
                        Prompt = T("Skriv ned en situasjon.", "Skriv ned ein situasjon."),
                        Fields = [new ExerciseField("situation", T("Hva skjedde?", "Kva skjedde?"))],
                    },
                    new QuestionnaireBlock { Id = $"{Prefix}m{n}-checkin", Ref = "checkin" },
                ],
            },
        ],
    };

    private const string Prefix = "";

    public static QuestionnaireDefinition Checkin() => new()
    {
        Id = "checkin",
        Title = T("Ukentlig sjekk", "Vekesjekk"),
        When = [QuestionnaireSchedule.ModuleStart],
        ShowResultToPatient = true,
        Scale = [new AnswerOption { Value = 0, Text = T("Nei", "Nei") }, new AnswerOption { Value = 1, Text = T("Litt", "Litt") },
            new AnswerOption { Value = 2, Text = T("Mye", "Mykje") }],
        Items =
        [
            new QuestionnaireItem { Id = "q1", Text = T("Har du vært urolig?", "Har du vore uroleg?") },
            new QuestionnaireItem { Id = "q2", Text = T("Har du sovet dårlig?", "Har du sove dårleg?") },
            new QuestionnaireItem { Id = "q3", Text = T("Har du tenkt på å skade deg selv?", "Har du tenkt på å skade deg sjølv?") },
        ],
        Bands =
        [
            new SeverityBand { From = 0, To = 1, Color = SeverityColor.Green, Label = T("Lite", "Lite") },
            new SeverityBand { From = 2, To = 3, Color = SeverityColor.Yellow, Label = T("Noe", "Noko") },
            new SeverityBand { From = 4, To = 6, Color = SeverityColor.Red, Label = T("Mye", "Mykje") },
        ],
        Alerts = [new AlertRule { Item = "q3", AtLeast = 1, Color = SeverityColor.Red, Reason = T("Kontakt pasienten i dag.", "Kontakt pasienten i dag.") }],
    };
}
