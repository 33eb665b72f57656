using System.Text.Json;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>
/// The one program fixture: small, valid two-language programs written for the tests (every text in nb and nn, bands
/// covering every total). A guided program (three modules, each a page with text and an exercise and a page with the
/// weekly questionnaire) and a self-paced course with a quiz for Delivery; <see cref="Draft"/> for the Cms's editing,
/// review and validation tests.
/// </summary>
public static class SamplePrograms
{
    public const string GuidedId = "rolig-pust";
    public const string CourseId = "sov-godt";

    public static ProgramContent Guided(UnlockRule? unlock = null, string id = GuidedId) => new()
    {
        Id = id, Slug = id, Kind = ProgramKind.Guided, Organisation = "Helse Test",
        Languages = ["nb", "nn"],
        Fallback = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["nn"] = ["nb"], ["nb"] = ["nn"] },
        Unlock = unlock ?? new UnlockRule(UnlockMode.Therapist), ReplyTimeDays = 3, EstimatedWeeks = 3,
        Title = T("Rolig pust", "Roleg pust"),
        Summary = T("Et kort program om uro.", "Eit kort program om uro."),
        Audience = T("For voksne med uro.", "For vaksne med uro."),
        Modules = [Module(1, id), Module(2, id), Module(3, id)],
        Questionnaires = [Weekly(id)],
    };

    public static ProgramContent Course(string id = CourseId) => new()
    {
        Id = id, Slug = id, Kind = ProgramKind.Course, Organisation = "Helse Test",
        Languages = ["nb", "nn"], Unlock = new UnlockRule(UnlockMode.Free),
        Title = T("Sov godt", "Sov godt"),
        Summary = T("Et kurs om søvn i ditt eget tempo.", "Eit kurs om søvn i ditt eige tempo."),
        Modules =
        [
            new ModuleContent
            {
                Id = $"{id}-m1", Title = T("Søvnvaner", "Søvnvanar"),
                Pages =
                [
                    new PageContent
                    {
                        Id = $"{id}-m1-p1", Title = T("Hva er god søvn?", "Kva er god søvn?"),
                        Blocks =
                        [
                            new TextBlock { Id = $"{id}-m1-text", Markdown = T("## Søvn\n\nDe fleste trenger 7–9 timer.", "## Søvn\n\nDei fleste treng 7–9 timar.") },
                            new QuizBlock
                            {
                                Id = $"{id}-m1-quiz", Question = T("Hvor mye søvn trenger de fleste voksne?", "Kor mykje søvn treng dei fleste vaksne?"),
                                Options =
                                [
                                    new QuizOption { Id = "a", Text = T("4–5 timer", "4–5 timar"), Feedback = T("Det er for lite for de fleste.", "Det er for lite for dei fleste.") },
                                    new QuizOption { Id = "b", Text = T("7–9 timer", "7–9 timar"), Correct = true, Feedback = T("Ja, det stemmer.", "Ja, det stemmer.") },
                                ],
                            },
                        ],
                    },
                ],
            },
            new ModuleContent
            {
                Id = $"{id}-m2", Title = T("Kveldsrutiner", "Kveldsrutinar"),
                Pages = [new PageContent { Id = $"{id}-m2-p1", Title = T("Før du legger deg", "Før du legg deg"), Blocks = [new TextBlock { Id = $"{id}-m2-text", Markdown = T("Dim lyset.", "Dimm lyset.") }] }],
            },
        ],
    };

    /// <summary>Three items on a 0–3 scale (totals 0–9): green 0–3, yellow 4–6, red 7–9; item 3 at 2 or more alerts.</summary>
    public static QuestionnaireDefinition Weekly(string programId = GuidedId) => new()
    {
        Id = $"{programId}-weekly", Title = T("Ukesjekk", "Vekesjekk"), Intro = T("Tenk på den siste uka.", "Tenk på den siste veka."),
        When = [QuestionnaireSchedule.Weekly], ShowResultToPatient = true,
        Scale = [Option(0, "Aldri", "Aldri"), Option(1, "Sjelden", "Sjeldan"), Option(2, "Ofte", "Ofte"), Option(3, "Nesten alltid", "Nesten alltid")],
        Items =
        [
            new QuestionnaireItem { Id = "q1", Text = T("Jeg har vært urolig", "Eg har vore uroleg") },
            new QuestionnaireItem { Id = "q2", Text = T("Jeg har sovet dårlig", "Eg har sove dårleg") },
            new QuestionnaireItem { Id = "q3", Text = T("Jeg har følt meg håpløs", "Eg har kjent meg håplaus") },
        ],
        Bands =
        [
            new SeverityBand { From = 0, To = 3, Color = SeverityColor.Green, Label = T("lite plager", "lite plager") },
            new SeverityBand { From = 4, To = 6, Color = SeverityColor.Yellow, Label = T("noen plager", "nokre plager") },
            new SeverityBand { From = 7, To = 9, Color = SeverityColor.Red, Label = T("mye plager", "mykje plager") },
        ],
        Alerts = [new AlertRule { Item = "q3", AtLeast = 2, Color = SeverityColor.Red, Reason = T("Håpløshet", "Håplausheit") }],
    };

    /// <summary><see cref="Weekly"/> with the alert item's answers 2 and 3 carrying <see cref="SafetyMessage"/>.</summary>
    public static QuestionnaireDefinition SafeWeekly(string programId = GuidedId)
    {
        var weekly = Weekly(programId);
        return weekly with
        {
            Items = weekly.Items.Select(i => i.Id != "q3" ? i : i with
            {
                Options = weekly.Scale.Select(o => o.Value >= 2 ? o with { SafetyMessage = SafetyMessage() } : o).ToList(),
            }).ToList(),
        };
    }

    public static string ModuleId(int n, string programId = GuidedId) => $"{programId}-m{n}";
    public static string ExerciseId(int n, string programId = GuidedId) => $"{programId}-m{n}-exercise";
    public static string QuestionnaireBlockId(int n, string programId = GuidedId) => $"{programId}-m{n}-weekly";
    public static string PageA(int n, string programId = GuidedId) => $"{programId}-m{n}-a";
    public static string PageB(int n, string programId = GuidedId) => $"{programId}-m{n}-b";

    /// <summary>A release as the Cms would publish it, for tests that store releases in Delivery directly.</summary>
    public static string ReleaseJson(ProgramContent content, int number) => JsonSerializer.Serialize(new ProgramRelease
    {
        ProgramId = content.Id, Number = number, PublishedAt = DateTimeOffset.UtcNow, PublishedBy = "tests",
        ContentHash = ProgramRelease.HashOf(content), Content = content,
    }, ContractJson.Options);

    /// <summary>The same program with module 1's exercise removed and its first text reworded (a later release).</summary>
    public static ProgramContent WithoutFirstExercise(ProgramContent program) => program with
    {
        Modules = [.. program.Modules.Select((m, i) => i != 0 ? m : m with
        {
            Pages = [.. m.Pages.Select((p, j) => j != 0 ? p : p with
            {
                Blocks = [new TextBlock { Id = $"{m.Id}-text", Markdown = T("## Ny versjon\n\nOmskrevet tekst.", "## Ny versjon\n\nOmskriven tekst.") }],
            })],
        })],
    };

    private static ModuleContent Module(int n, string programId) => new()
    {
        Id = ModuleId(n, programId), Title = T($"Modul {n}: Pust", $"Modul {n}: Pust"), Summary = T("Om pust.", "Om pust."),
        Pages =
        [
            new PageContent
            {
                Id = PageA(n, programId), Title = T($"Pust rolig {n}", $"Pust roleg {n}"),
                Blocks =
                [
                    new TextBlock { Id = $"{programId}-m{n}-text", Markdown = T("## Om pust\n\nPust inn i fire sekunder.", "## Om pust\n\nPust inn i fire sekund.") },
                    new CalloutBlock { Id = $"{programId}-m{n}-tip", Variant = CalloutVariant.Tip, Markdown = T("Øv hver kveld.", "Øv kvar kveld.") },
                    new ExerciseBlock
                    {
                        Id = ExerciseId(n, programId), Kind = ExerciseKind.Reflection,
                        Title = T("Din uke", "Veka di"), Prompt = T("Hva gjorde deg urolig denne uka?", "Kva gjorde deg uroleg denne veka?"),
                    },
                ],
            },
            new PageContent
            {
                Id = PageB(n, programId), Title = T("Ukesjekk", "Vekesjekk"),
                Blocks = [new QuestionnaireBlock { Id = QuestionnaireBlockId(n, programId), Ref = $"{programId}-weekly" }],
            },
        ],
    };

    private static AnswerOption Option(int value, string nb, string nn) => new() { Value = value, Text = T(nb, nn) };

    public static LocalizedText T(string nb, string nn) => LocalizedText.Of(nb, nn);

    /// <summary>
    /// A Cms draft for the editing, review and validation tests: a guided program with <paramref name="modules"/> modules,
    /// each one page of text, a worksheet and the check-in questionnaire.
    /// </summary>
    public static ProgramContent Draft(string id = "test-uro", string? slug = null, int modules = 2) => new()
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
        Modules = Enumerable.Range(1, modules).Select(DraftModule).ToList(),
        Questionnaires = [Checkin()],
    };

    public static ModuleContent DraftModule(int n) => new()
    {
        Id = $"m{n}",
        Title = T($"Modul {n}", $"Modul {n}"),
        Questionnaire = "checkin",
        Pages =
        [
            new PageContent
            {
                Id = $"m{n}-p1",
                Title = T($"Side {n}", $"Side {n}"),
                Blocks =
                [
                    new TextBlock { Id = $"m{n}-intro", Markdown = T("## Hva er uro?\n\nUro er vanlig.", "## Kva er uro?\n\nUro er vanleg.") },
                    new ExerciseBlock
                    {
                        Id = $"m{n}-diary", Kind = ExerciseKind.Worksheet, Title = T("Dagbok", "Dagbok"),
                        Prompt = T("Skriv ned en situasjon.", "Skriv ned ein situasjon."),
                        Fields = [new ExerciseField("situation", T("Hva skjedde?", "Kva skjedde?"))],
                    },
                    new QuestionnaireBlock { Id = $"m{n}-checkin", Ref = "checkin" },
                ],
            },
        ],
    };

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
            // Its own options, so the alert's safety message (which publishing requires) goes with this item only.
            new QuestionnaireItem
            {
                Id = "q3", Text = T("Har du tenkt på å skade deg selv?", "Har du tenkt på å skade deg sjølv?"),
                Options = [new AnswerOption { Value = 0, Text = T("Nei", "Nei") },
                    new AnswerOption { Value = 1, Text = T("Litt", "Litt"), SafetyMessage = SafetyMessage() },
                    new AnswerOption { Value = 2, Text = T("Mye", "Mykje"), SafetyMessage = SafetyMessage() }],
            },
        ],
        Bands =
        [
            new SeverityBand { From = 0, To = 1, Color = SeverityColor.Green, Label = T("Lite", "Lite") },
            new SeverityBand { From = 2, To = 3, Color = SeverityColor.Yellow, Label = T("Noe", "Noko") },
            new SeverityBand { From = 4, To = 6, Color = SeverityColor.Red, Label = T("Mye", "Mykje") },
        ],
        Alerts = [new AlertRule { Item = "q3", AtLeast = 1, Color = SeverityColor.Red, Reason = T("Kontakt pasienten i dag.", "Kontakt pasienten i dag.") }],
    };

    /// <summary>What a self-harm answer shows the patient (as the demo content's weekly check-in does).</summary>
    public static LocalizedText SafetyMessage() => T("Ring **113** eller legevakten på 116 117. Ta kontakt med behandleren din i dag.",
        "Ring **113** eller legevakta på 116 117. Ta kontakt med behandlaren din i dag.");
}
