using System.Text.Json.Serialization;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>Every indicator of one scope and period, already protected: suppressed cells carry no value.</summary>
public sealed record IndicatorReport
{
    public required string Scope { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required int K { get; init; }
    public required TrendBucket Bucket { get; init; }
    public required IReadOnlyDictionary<string, Cell> Summary { get; init; }
    public IReadOnlyList<FunnelStep> Funnel { get; init; } = [];
    public IReadOnlyList<ModuleTime> ModuleTimes { get; init; } = [];
    public IReadOnlyList<ScoreChange> Scores { get; init; } = [];
    public IReadOnlyList<TrendPoint> Trend { get; init; } = [];

    public Cell this[string key] => Summary.TryGetValue(key, out var c) ? c : Cell.Hidden;
}

[JsonConverter(typeof(JsonStringEnumConverter<TrendBucket>))]
public enum TrendBucket
{
    Week,
    Month,
}

/// <summary>The keys of <see cref="IndicatorReport.Summary"/>, in the order the page and the CSV show them.</summary>
public static class Indicators
{
    public const string Enrolled = "enrolled";
    public const string UniquePatients = "unique_patients";
    public const string Started = "started";
    public const string Active7 = "active_7_days";
    public const string Active30 = "active_30_days";
    public const string Completed = "completed";
    public const string Dropout = "dropout";
    public const string InProgress = "in_progress";
    public const string CompletionRate = "completion_rate_percent";
    public const string DropoutRate = "dropout_rate_percent";
    public const string ResponseMedian = "response_time_median_hours";
    public const string ResponseP90 = "response_time_p90_hours";
    public const string MessagesPerPatientWeek = "messages_per_patient_week";
    public const string MinutesPerPatient = "therapist_minutes_per_patient";
    public const string MinutesPerPatientWeek = "therapist_minutes_per_patient_week";

    public static readonly string[] Order =
    [
        Enrolled, UniquePatients, Started, Active7, Active30, Completed, Dropout, InProgress, CompletionRate, DropoutRate,
        ResponseMedian, ResponseP90, MessagesPerPatientWeek, MinutesPerPatient, MinutesPerPatientWeek,
    ];

    /// <summary>Days without activity after which a started, unfinished patient counts as dropped out.</summary>
    public const int DropoutDays = 30;
}

public sealed record FunnelStep(string ModuleId, Cell Reached, Cell Completed);

public sealed record ModuleTime(string ModuleId, Cell MedianDays);

/// <summary>Score change from first to last measurement of one questionnaire, for patients measured at least twice.</summary>
public sealed record ScoreChange(string QuestionnaireId, Cell Patients, Cell MeanChange, IReadOnlyList<Cell> Distribution,
    Cell FromRedOrYellow, Cell ToGreen, Cell ShareToGreen)
{
    /// <summary>Change bins, lowest first; labels are localized on the page.</summary>
    public static readonly string[] Bins = ["≤ −5", "−4 … −1", "0", "+1 … +4", "≥ +5"];

    public static int BinOf(int change) => change switch
    {
        <= -5 => 0,
        < 0 => 1,
        0 => 2,
        < 5 => 3,
        _ => 4,
    };
}

public sealed record TrendPoint(DateOnly Start, Cell NewEnrollments, Cell ActivePatients, Cell ModulesCompleted);
