using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// The outcome of scoring one set of answers. When <see cref="Errors"/> is not empty the answers were rejected as a whole
/// and nothing else is filled in: a score built from the answers we happened to accept could be stored and shown as if
/// it were the patient's.
/// </summary>
public sealed record QuestionnaireScore
{
    public int Total { get; init; }

    /// <summary>One entry per sub-scale of the definition, in its order; a sub-scale with no answers scores 0.</summary>
    public IReadOnlyList<SubscaleScore> Subscales { get; init; } = [];

    /// <summary>The band of the total; null while answers are missing or when no band covers the total.</summary>
    public ScoredBand? Band { get; init; }

    public IReadOnlyList<FiredAlert> Alerts { get; init; } = [];

    public bool IsComplete { get; init; }

    public IReadOnlyList<string> UnansweredItems { get; init; } = [];

    /// <summary>Worst of the band colour and every fired alert's colour; null when neither says anything.</summary>
    public SeverityColor? TrafficLight { get; init; }

    public IReadOnlyList<AnswerError> Errors { get; init; } = [];

    public bool IsValid => Errors.Count == 0;
}

public sealed record SubscaleScore(string Id, int Score);

public sealed record ScoredBand(SeverityColor Color, LocalizedText Label);

public sealed record FiredAlert(string Item, SeverityColor Color, LocalizedText Reason);

/// <summary>A rejected answer: <see cref="Code"/> is <c>unknown-item</c> or <c>invalid-value</c>.</summary>
public sealed record AnswerError(string Item, string Code, string Message);
