using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Tests.Shared.Questionnaires;

/// <summary>
/// A realistic weekly worry/low-mood check-in written for these tests (not any published instrument):
/// q1–q4 worry, q5–q8 low mood on a shared 0–3 scale, q9 a safety question with its own options and an alert.
/// Possible totals 0–26.
/// </summary>
public static class WeeklyCheckIn
{
    public static readonly string[] Languages = ["nb", "nn"];

    public static QuestionnaireDefinition Create() => new()
    {
        Id = "weekly-checkin",
        Title = LocalizedText.Of("Ukentlig sjekk", "Vekesjekk"),
        Intro = LocalizedText.Of(
            "Tenk på den siste uka. Svar slik det passer best for deg.",
            "Tenk på den siste veka. Svar slik det passar best for deg."),
        When = [QuestionnaireSchedule.ModuleStart, QuestionnaireSchedule.Weekly],
        ShowResultToPatient = true,
        Scale =
        [
            Option(0, "Aldri", "Aldri"),
            Option(1, "Sjelden", "Sjeldan"),
            Option(2, "Ofte", "Ofte"),
            Option(3, "Nesten hele tiden", "Nesten heile tida"),
        ],
        Items =
        [
            Item("q1", "worry", "Jeg har bekymret meg for ting jeg ikke kan gjøre noe med",
                "Eg har uroa meg for ting eg ikkje kan gjere noko med"),
            Item("q2", "worry", "Tankene har kvernet når jeg skulle sove", "Tankane har kverna når eg skulle sove"),
            Item("q3", "worry", "Jeg har kjent meg anspent i kroppen", "Eg har kjent meg anspent i kroppen"),
            Item("q4", "worry", "Jeg har unngått ting fordi jeg ble urolig", "Eg har unngått ting fordi eg vart uroleg"),
            Item("q5", "mood", "Jeg har hatt lite lyst til å gjøre ting jeg pleier å like",
                "Eg har hatt lite lyst til å gjere ting eg plar like"),
            Item("q6", "mood", "Jeg har kjent meg nedfor", "Eg har kjent meg nedfor"),
            Item("q7", "mood", "Jeg har hatt lite energi gjennom dagen", "Eg har hatt lite energi gjennom dagen"),
            Item("q8", "mood", "Jeg har vært misfornøyd med meg selv", "Eg har vore misnøgd med meg sjølv"),
            Item("q9", null, "Jeg har hatt tanker om å gjøre meg selv vondt", "Eg har hatt tankar om å gjere meg sjølv vondt")
                with
                {
                    Options =
                    [
                        Option(0, "Nei", "Nei"),
                        Option(1, "Ja, av og til", "Ja, av og til"),
                        Option(2, "Ja, ofte", "Ja, ofte"),
                    ],
                },
        ],
        Subscales =
        [
            new() { Id = "worry", Title = LocalizedText.Of("Uro", "Uro") },
            new() { Id = "mood", Title = LocalizedText.Of("Senket stemningsleie", "Senka stemningsleie") },
        ],
        Bands =
        [
            new() { From = 0, To = 7, Color = SeverityColor.Green, Label = LocalizedText.Of("Lite plager", "Lite plager") },
            new() { From = 8, To = 15, Color = SeverityColor.Yellow, Label = LocalizedText.Of("Noen plager", "Nokre plager") },
            new() { From = 16, To = 26, Color = SeverityColor.Red, Label = LocalizedText.Of("Mye plager", "Mykje plager") },
        ],
        Alerts =
        [
            new()
            {
                Item = "q9",
                AtLeast = 1,
                Color = SeverityColor.Red,
                Reason = LocalizedText.Of("Pasienten melder tanker om selvskading", "Pasienten melder tankar om sjølvskading"),
            },
        ],
    };

    /// <summary>Answers every item with <paramref name="value"/> (q9 with 0 unless given), overridden per item.</summary>
    public static Dictionary<string, int> Answers(int value, int q9 = 0, params (string Item, int Value)[] overrides)
    {
        var answers = Enumerable.Range(1, 8).ToDictionary(i => $"q{i}", _ => value);
        answers["q9"] = q9;
        foreach (var (item, v) in overrides)
        {
            answers[item] = v;
        }
        return answers;
    }

    private static AnswerOption Option(int value, string nb, string nn) => new() { Value = value, Text = LocalizedText.Of(nb, nn) };

    private static QuestionnaireItem Item(string id, string? subscale, string nb, string nn) =>
        new() { Id = id, Subscale = subscale, Text = LocalizedText.Of(nb, nn) };
}
