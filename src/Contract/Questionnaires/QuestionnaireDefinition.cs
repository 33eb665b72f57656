using System.Text.Json.Serialization;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// A scored questionnaire as content authors write it (docs/content-format.md, "Questionnaires") and as both apps read
/// it from a published release. Every answer option carries a value; item values add up to sub-scale scores and a total,
/// bands colour the total and alert rules flag single items for the therapist.
/// </summary>
/// <remarks>
/// Plain init-only properties rather than positional records so JSON (camelCase, <c>JsonSerializerDefaults.Web</c>)
/// and YAML readers can both fill them. Lists compare by reference: compare serialized JSON for deep equality.
/// </remarks>
public sealed record QuestionnaireDefinition
{
    public required string Id { get; init; }

    public required LocalizedText Title { get; init; }

    public LocalizedText Intro { get; init; } = new();

    /// <summary>When in a program the questionnaire is offered; any combination.</summary>
    public IReadOnlyList<QuestionnaireSchedule> When { get; init; } = [];

    public bool ShowResultToPatient { get; init; }

    /// <summary>Answer options shared by every item that does not list its own.</summary>
    public IReadOnlyList<AnswerOption> Scale { get; init; } = [];

    public IReadOnlyList<QuestionnaireItem> Items { get; init; } = [];

    public IReadOnlyList<Subscale> Subscales { get; init; } = [];

    /// <summary>Must cover every possible total without gaps or overlaps (the validator checks).</summary>
    public IReadOnlyList<SeverityBand> Bands { get; init; } = [];

    public IReadOnlyList<AlertRule> Alerts { get; init; } = [];

    /// <summary>The options an item is answered with: its own when it lists them, else the shared scale.</summary>
    public IReadOnlyList<AnswerOption> OptionsFor(QuestionnaireItem item) => item.Options ?? Scale;

    /// <summary>
    /// Feedback: null or "clinical" (the default) is scored for the therapist; "evaluation" is the patient's view of the
    /// program, offered at program end and counted for the content team only — no bands, alerts or caseload.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }
}

/// <summary>The values of <see cref="QuestionnaireDefinition.Kind"/>.</summary>
public static class QuestionnaireKinds
{
    public const string Clinical = "clinical";
    public const string Evaluation = "evaluation";
    public static readonly IReadOnlyList<string> All = [Clinical, Evaluation];

    public static bool IsEvaluation(QuestionnaireDefinition questionnaire) => questionnaire.Kind == Evaluation;
}

public sealed record AnswerOption
{
    public required int Value { get; init; }

    public required LocalizedText Text { get; init; }

    /// <summary>
    /// Markdown (nb and nn) shown to a patient who chose this option, right after submitting and on their home page until
    /// the care team has handled the alert: emergency numbers, "contact your therapist today". Null (omitted from the
    /// JSON) when there is none, so releases written before safety messages keep their content hash.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocalizedText? SafetyMessage { get; init; }
}

public sealed record QuestionnaireItem
{
    public required string Id { get; init; }

    public required LocalizedText Text { get; init; }

    /// <summary>Id of the sub-scale (section) this item counts towards, if any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subscale { get; init; }

    /// <summary>Overrides the questionnaire's shared scale; null means "use the scale".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AnswerOption>? Options { get; init; }
}

public sealed record Subscale
{
    public required string Id { get; init; }

    public required LocalizedText Title { get; init; }
}
