namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// One thing wrong with a questionnaire definition. <see cref="Code"/> is stable for machines (see
/// <see cref="QuestionnaireProblemCodes"/>), <see cref="Path"/> points into the YAML/JSON (<c>items[q3].options</c>,
/// <c>alerts[0].item</c>) and <see cref="Message"/> is English for the log; the Cms localizes by code.
/// </summary>
public sealed record QuestionnaireProblem(string Code, string Path, string Message);

public static class QuestionnaireProblemCodes
{
    public const string InvalidId = "invalid-id";
    public const string DuplicateItemId = "duplicate-item-id";
    public const string DuplicateSubscaleId = "duplicate-subscale-id";
    public const string ItemNoOptions = "item-no-options";
    public const string DuplicateOptionValue = "duplicate-option-value";
    public const string SubscaleUnknown = "subscale-unknown";
    public const string BandsGap = "bands-gap";
    public const string BandsOverlap = "bands-overlap";
    public const string BandsOutOfRange = "bands-out-of-range";
    public const string AlertUnknownItem = "alert-unknown-item";
    public const string AlertUnreachable = "alert-unreachable";
    public const string AlertAlwaysFires = "alert-always-fires";
    public const string MissingText = "missing-text";
}
