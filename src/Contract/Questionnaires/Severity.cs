using System.Text.Json.Serialization;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// Traffic-light colour. Declared from mildest to most severe so "the worst colour" is simply the largest value.
/// The converter is on the type so the contract reads the same lower-case words as the YAML, whatever options a caller uses.
/// </summary>
[JsonConverter(typeof(WordsOnlyEnumConverter<SeverityColor>))]
public enum SeverityColor
{
    [JsonStringEnumMemberName("green")] Green,
    [JsonStringEnumMemberName("yellow")] Yellow,
    [JsonStringEnumMemberName("red")] Red,
}

/// <summary>When a questionnaire is offered; spelled in the contract as in the YAML (<c>module-start</c>).</summary>
[JsonConverter(typeof(WordsOnlyEnumConverter<QuestionnaireSchedule>))]
public enum QuestionnaireSchedule
{
    [JsonStringEnumMemberName("module-start")] ModuleStart,
    [JsonStringEnumMemberName("weekly")] Weekly,
    [JsonStringEnumMemberName("program-end")] ProgramEnd,
}

/// <summary>A range of totals, both ends inclusive, with its colour and the label shown for it.</summary>
public sealed record SeverityBand
{
    public required int From { get; init; }

    public required int To { get; init; }

    public required SeverityColor Color { get; init; }

    public required LocalizedText Label { get; init; }

    /// <summary>Markdown (nb and nn) shown to a patient whose total falls in this band; see <see cref="AnswerOption.SafetyMessage"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocalizedText? SafetyMessage { get; init; }

    public bool Contains(int total) => total >= From && total <= To;
}

/// <summary>Flags one item for the therapist when its answer reaches a value, whatever the total is.</summary>
public sealed record AlertRule
{
    public required string Item { get; init; }

    public required int AtLeast { get; init; }

    public required SeverityColor Color { get; init; }

    public required LocalizedText Reason { get; init; }
}

/// <summary>
/// Reads and writes enum words only: the default converter also accepts numbers, which would let "color": 7 into a
/// release as a colour that does not exist.
/// </summary>
public sealed class WordsOnlyEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
