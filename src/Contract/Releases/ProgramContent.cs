using System.Text.Json.Serialization;

namespace ContentPlatform.Contract.Releases;

public enum ProgramKind
{
    /// <summary>Therapist-guided treatment (iCBT): modules opened by a therapist, weekly contact.</summary>
    Guided,

    /// <summary>Self-paced patient education: free navigation, no therapist.</summary>
    Course,

    /// <summary>
    /// Form-based follow-up from home ("behovsstyrt poliklinikk"): no modules, only check-in questionnaires on the schedule in
    /// <see cref="ProgramContent.CheckIns"/>, which the patient may also send on their own initiative at any time.
    /// </summary>
    FollowUp,
}

public enum UnlockMode
{
    /// <summary>The next module opens when the previous one is completed.</summary>
    Sequential,

    /// <summary>The therapist opens each module.</summary>
    Therapist,

    /// <summary>The next module opens N days after the previous one was opened (or after enrollment for the first).</summary>
    Time,

    /// <summary>Every module is open from the start (self-paced courses).</summary>
    Free,
}

public sealed record UnlockRule(UnlockMode Mode, int? Days = null);

/// <summary>
/// The program's yellow-light thresholds. Red needs no settings: it comes from the questionnaires' own red bands and
/// alert rules. Scores are read as "higher is worse" (as PHQ-9, GAD-7 and most symptom scales).
/// </summary>
public sealed record TriageRules
{
    /// <summary>No activity (page viewed, answer saved, message sent) for this many days.</summary>
    public int InactiveDays { get; init; } = 7;

    /// <summary>A questionnaire total this many points above the patient's previous total of the same questionnaire.</summary>
    public int WorseningPoints { get; init; } = 3;
}

/// <summary>
/// A program's whole content tree: the thing editors edit (as a draft) and the thing a release freezes. Every program,
/// module, page and block has a stable id: Delivery keys progress and answers to them, so ids survive edits, reordering
/// and translation.
/// </summary>
public sealed record ProgramContent
{
    /// <summary>A stored program document (a Cms draft or revision) read back: the one reader every folder uses.</summary>
    public static ProgramContent FromJson(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<ProgramContent>(json, ContractJson.Options)
        ?? throw new InvalidOperationException("empty program document");

    /// <summary>The stored form of the document (<see cref="FromJson"/> reads it back).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, ContractJson.Options);

    public required string Id { get; init; }
    public required string Slug { get; init; }
    public ProgramKind Kind { get; init; }
    public string Organisation { get; init; } = "";

    /// <summary>Required languages; the first is the source language translations are compared against.</summary>
    public IReadOnlyList<string> Languages { get; init; } = ["nb", "nn"];

    /// <summary>Field-level fallback per language, e.g. nn → [nb].</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Fallback { get; init; } =
        new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    public UnlockRule Unlock { get; init; } = new(UnlockMode.Sequential);

    /// <summary>Guided programs: the reply time promised to patients, in days.</summary>
    public int? ReplyTimeDays { get; init; }

    /// <summary>Guided programs: when the therapist's caseload turns a patient yellow.</summary>
    public TriageRules Triage { get; init; } = new();

    public int? EstimatedWeeks { get; init; }
    public LocalizedText Title { get; init; } = new();
    public LocalizedText Summary { get; init; } = new();
    public LocalizedText Audience { get; init; } = new();
    public IReadOnlyList<ModuleContent> Modules { get; init; } = [];
    public IReadOnlyList<Questionnaires.QuestionnaireDefinition> Questionnaires { get; init; } = [];

    /// <summary>
    /// Guided programs: reply templates therapists start from. Null (omitted from the JSON) when there are none, so
    /// releases written before templates existed keep their content hash.
    /// </summary>
    public IReadOnlyList<ReplyTemplate>? ReplyTemplates { get; init; }

    /// <summary>
    /// Patient reminders (notify): default channels, quiet hours and the inactivity reminder. Null (omitted from the JSON)
    /// means <see cref="ReminderSettings"/>' defaults, so releases written before reminders existed keep their content hash.
    /// </summary>
    public ReminderSettings? Reminders { get; init; }

    /// <summary>
    /// The image on the program's card (patient home page, course list), chosen from the media library. Null (omitted
    /// from the JSON) when there is none, so the site shows its theme's picture and older releases keep their hash.
    /// </summary>
    public CoverImage? Cover { get; init; }

    /// <summary>Every media key the release must carry in its manifest: the blocks' media and the cover.</summary>
    public IEnumerable<string> MediaKeys() =>
        AllBlocks().SelectMany(b => b.Block.MediaReferences()).Select(r => r.Media)
            .Concat(Cover is { Media.Length: > 0 } cover ? [cover.Media] : []);

    /// <summary>
    /// Follow-up programs: which questionnaires are the check-in and how often they fall due. Null (omitted from the JSON)
    /// for every other kind, so releases written before follow-up programs existed keep their content hash.
    /// </summary>
    public CheckInSchedule? CheckIns { get; init; }

    /// <summary>
    /// Guided programs: hours a red caseload reason may stay unhandled before the clinic admins are e-mailed (null: the
    /// default, <see cref="DefaultAlertEscalationHours"/>). Omitted from the JSON when unset, so older releases keep their hash.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? AlertEscalationHours { get; init; }

    public const int DefaultAlertEscalationHours = 24;

    [JsonIgnore]
    public string SourceLanguage => Languages.Count > 0 ? Languages[0] : "nb";

    public IReadOnlyList<string> FallbackFor(string language) =>
        Fallback.TryGetValue(language, out var chain) ? chain : [];

    public IEnumerable<(ModuleContent Module, PageContent Page, Block Block)> AllBlocks() =>
        from m in Modules from p in m.Pages from b in p.Blocks select (m, p, b);
}

/// <summary>
/// A follow-up program's check-ins: every <see cref="IntervalDays"/> days from enrolment, for <see cref="DurationWeeks"/>
/// weeks ("every 14 days for 52 weeks"). Each occurrence asks every questionnaire in <see cref="Questionnaires"/>.
/// </summary>
public sealed record CheckInSchedule
{
    public IReadOnlyList<string> Questionnaires { get; init; } = [];
    public int IntervalDays { get; init; } = 14;
    public int DurationWeeks { get; init; } = 52;
}

public sealed record ModuleContent
{
    public required string Id { get; init; }
    public LocalizedText Title { get; init; } = new();
    public LocalizedText Summary { get; init; } = new();

    /// <summary>Optional questionnaire asked when the module starts.</summary>
    public string? Questionnaire { get; init; }

    public IReadOnlyList<PageContent> Pages { get; init; } = [];

    /// <summary>
    /// Tailoring: an optional module is in no patient's plan until their therapist adds it (and the therapist may hide it
    /// again); required modules (false, the default) are in every plan and cannot be hidden. Left out of the JSON when
    /// false, so releases written before this existed keep their content hash.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Optional { get; init; }
}

public sealed record PageContent
{
    public required string Id { get; init; }
    public LocalizedText Title { get; init; } = new();
    public IReadOnlyList<Block> Blocks { get; init; } = [];
}

/// <summary>
/// A reply a therapist can start from, written and reviewed by the content team in every language. The body may hold
/// placeholders filled when the therapist picks it (and still editable before sending): <c>{fornavn}</c> is the
/// patient's first name and <c>{modul}</c> the module's title (the template's module, else the patient's current one).
/// The same two words are used in nb and nn.
/// </summary>
public sealed record ReplyTemplate
{
    public const string FirstNamePlaceholder = "{fornavn}";
    public const string ModulePlaceholder = "{modul}";

    public required string Id { get; init; }

    /// <summary>Offered first for this module; null means the whole program.</summary>
    public string? ModuleId { get; init; }

    public LocalizedText Title { get; init; } = new();
    public LocalizedText Body { get; init; } = new();
}

/// <summary>
/// A program's reminder defaults. A patient's own choices (Delivery's /my/settings) win; these apply until they choose.
/// Not the same as <see cref="TriageRules.InactiveDays"/>: that turns the therapist's caseload yellow, this reminds the patient.
/// </summary>
public sealed record ReminderSettings
{
    public const string Email = "email";
    public const string Sms = "sms";

    /// <summary>Channels on by default besides in-app (always on): "email", "sms".</summary>
    public IReadOnlyList<string> Channels { get; init; } = [Email];

    /// <summary>No activity for this many days sends one reminder (per quiet stretch).</summary>
    public int InactiveDays { get; init; } = 7;

    /// <summary>Default quiet hours in Europe/Oslo: no e-mail or SMS from this hour (0–23)…</summary>
    public int QuietFromHour { get; init; } = 21;

    /// <summary>…until this hour (0–23); equal hours mean no quiet hours.</summary>
    public int QuietUntilHour { get; init; } = 8;
}

/// <summary>
/// A program's cover image: a media-library image with alt text in every language, unless it is marked decorative
/// (then the card shows it with an empty alt, and screen readers skip it).
/// </summary>
public sealed record CoverImage
{
    public string Media { get; init; } = "";
    public LocalizedText Alt { get; init; } = new();
    public bool Decorative { get; init; }
}
