using System.Globalization;
using System.Text.RegularExpressions;
using ContentPlatform.Cms.Programs.Changes;
using ContentPlatform.Contract.Releases;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Programs;

/// <summary>
/// The workflow log and revision history in the reader's language. What is stored stays as it always was (English
/// summaries and comments the API returns and old rows already hold); this turns each into a sentence with titles
/// instead of ids. The writers use the constants and formats here, so a summary they write is one this can read.
/// Text a person typed (an approval or send-back comment) is shown as typed.
/// </summary>
public static partial class LogText
{
    public const string ImportApproval = "imported from reviewed files";
    public const string EditedWhile = "edited while ";

    /// <summary>Revision summaries as stored ("edited page m1-p1") and the resource that says them for people.</summary>
    private static readonly (Regex Pattern, string Key, string? Target)[] Summaries =
    [
        (Summary("created"), "Summary_created", null),
        (Summary("saved"), "Summary_saved", null),
        (Summary("edited page (?<id>.+)"), "Summary_edited-page", "page"),
        (Summary("autosaved page (?<id>.+)"), "Summary_autosaved-page", "page"),
        (Summary("restored revision (?<id>\\d+)"), "Summary_restored", "number"),
        (Summary("added questionnaire (?<id>.+)"), "Summary_added-questionnaire", "questionnaire"),
        (Summary("imported FHIR questionnaire (?<id>.+)"), "Summary_imported-fhir", "questionnaire"),
        (Summary("edited questionnaire (?<id>.+)"), "Summary_edited-questionnaire", "questionnaire"),
        (Summary("imported from files"), "Summary_imported-files", null),
        (Summary("imported package"), "Summary_imported-package", null),
        (Summary("deleted module (?<id>.+)"), "Summary_deleted-module", null),
        (Summary("deleted page (?<id>.+)"), "Summary_deleted-page", null),
        (Summary("(?<id>program|reminders|triage|cover|check-ins|module-optional|add-module|rename-module|move-module|duplicate-module|add-page|rename-page|move-page|duplicate-page)"), "Summary_tree", "op"),
    ];

    public static string Revision(string summary, ProgramContent doc, IStringLocalizer s, string language)
    {
        foreach (var (pattern, key, target) in Summaries)
        {
            if (pattern.Match(summary) is not { Success: true } match)
            {
                continue;
            }
            var id = match.Groups["id"].Value;
            return target switch
            {
                "page" => s[key, PageTitle(doc, id, s, language)],
                "questionnaire" => s[key, doc.Questionnaires.FirstOrDefault(q => q.Id == id) is { } q ? Title(q.Title, s, language) : s["AQuestionnaire"].Value],
                "number" => s[key, id],
                "op" => s["Summary_" + id],
                _ => s[key],
            };
        }
        return summary;
    }

    /// <summary>"approved", "reopened: edited while it was «In review»", "translation marked up to date: Modul 1 › … › nynorsk".</summary>
    public static string Event(WorkflowEvent e, ProgramContent doc, IStringLocalizer s, string language, Func<DateTimeOffset, string> moment)
    {
        var action = s["Action_" + e.Action].Value;
        var detail = (e.Action, e.Comment) switch
        {
            (_, null or "") => null,
            ("approved", ImportApproval) => s["ApprovedFromReviewedFiles"].Value,
            ("reopened", var c) when c.StartsWith(EditedWhile, StringComparison.Ordinal) =>
                s["EditedWhileState", s["State_" + c[EditedWhile.Length..]].Value].Value,
            ("translation-accepted", var c) => Translation(c, doc, s, language),
            ("scheduled", var c) when DateTimeOffset.TryParse(c, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) => moment(at),
            ("schedule-failed", var c) when s["Workflow_" + c] is { ResourceNotFound: false } reason => reason.Value,
            (_, var c) => c,
        };
        return detail is null ? action : $"{action}: {detail}";
    }

    /// <summary>Who did it; the command-line import and the scheduler are named in the reader's language.</summary>
    public static string Actor(string actor, IStringLocalizer s) => actor switch
    {
        ProgramWorkflow.ImportActor => s["ActorImport"],
        "scheduler" => s["ActorScheduler"],
        _ => actor,
    };

    /// <summary>A release's "a, b" list of authors, each named as <see cref="Actor"/> names one.</summary>
    public static string Actors(string? actors, IStringLocalizer s) =>
        string.Join(", ", (actors ?? "").Split(", ", StringSplitOptions.RemoveEmptyEntries).Select(a => Actor(a, s)));

    /// <summary>"block:m1-intro:markdown nn" → the text's place: "Modul 1 › Side 1 › Blokk 1: Tekst › Tekst › nynorsk".</summary>
    private static string Translation(string comment, ProgramContent doc, IStringLocalizer s, string language)
    {
        var split = comment.LastIndexOf(' ');
        var (key, lang) = split > 0 ? (comment[..split], comment[(split + 1)..]) : (comment, null);
        var text = ContentTexts.Enumerate(doc).FirstOrDefault(t => t.Key == key);
        return text is null ? s["TextNoLongerThere"] : ChangePath.Describe(ChangePath.Place(doc, text.Location with { Language = lang }), s, language);
    }

    private static string PageTitle(ProgramContent doc, string id, IStringLocalizer s, string language) =>
        doc.Modules.SelectMany(m => m.Pages).FirstOrDefault(p => p.Id == id) is { } page ? Title(page.Title, s, language) : s["APage"];

    private static string Title(LocalizedText text, IStringLocalizer s, string language) =>
        text.Resolve(language, ["nb", "nn"]) is { Length: > 0 } t ? t : s["Untitled"];

    private static Regex Summary(string pattern) => new($"^{pattern}$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
}
