using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Delivery.CareTeams;

public enum Light
{
    Green,
    Yellow,
    Red,
}

/// <summary>Why a patient has the light they have. The page words each kind in nb or nn.</summary>
public enum ReasonKind
{
    /// <summary>An alert rule fired in the latest answer to a questionnaire (Text: the rule's reason).</summary>
    Alert,

    /// <summary>The latest total of a questionnaire is in its red band (Text: the band's label).</summary>
    RedBand,

    /// <summary>A message from the patient has waited longer than the promised reply time (Days: how long).</summary>
    MessageWaiting,

    /// <summary>No activity for the program's number of days (Days: since when).</summary>
    Inactive,

    /// <summary>A questionnaire total rose by the program's threshold or more (Points: by how much).</summary>
    Worsening,

    /// <summary>A questionnaire on the plan is not answered past the grace (Days: since it fell due; Schedules/).</summary>
    QuestionnaireOverdue,
}

public sealed record Reason(ReasonKind Kind, Light Light, LocalizedText? Questionnaire = null, LocalizedText? Text = null, int? Days = null,
    int? Points = null);

/// <summary>The latest and the one-before answers to one questionnaire, as the triage reads them.</summary>
public sealed record ScoreHistory(LocalizedText Questionnaire, int Latest, int? Previous, string? LatestLight, IReadOnlyList<LocalizedText> Alerts,
    LocalizedText? BandLabel);

/// <summary>What triage knows about one patient in one program.</summary>
public sealed record TriageInput(
    IReadOnlyList<ScoreHistory> Scores,
    DateTimeOffset? OldestUnansweredMessage,
    DateTimeOffset? LastActivity,
    int ReplyTimeDays,
    TriageRules Rules,
    IReadOnlyList<OverdueQuestionnaire>? Overdue = null);

/// <summary>A questionnaire on the plan left unanswered past the grace, since when it fell due.</summary>
public sealed record OverdueQuestionnaire(LocalizedText Questionnaire, DateTimeOffset Since);

/// <summary>
/// The traffic-light rules of the caseload, as plain code with no database, so every rule is unit tested:
/// red — an alert rule fired or a red severity band in the latest answer to a questionnaire;
/// yellow — a patient message unanswered longer than the promised reply time, no activity for N days, a total worse than
/// the previous one by the program's threshold, or a questionnaire on the plan overdue; green — none of these.
/// </summary>
public static class Triage
{
    public const int DefaultReplyTimeDays = 3;

    public static (Light Light, IReadOnlyList<Reason> Reasons) Assess(TriageInput input, DateTimeOffset now)
    {
        var reasons = new List<Reason>();
        foreach (var score in input.Scores)
        {
            foreach (var alert in score.Alerts)
            {
                reasons.Add(new Reason(ReasonKind.Alert, Light.Red, score.Questionnaire, alert));
            }
            if (score.LatestLight == "red" && score.Alerts.Count == 0)
            {
                reasons.Add(new Reason(ReasonKind.RedBand, Light.Red, score.Questionnaire, score.BandLabel, Points: score.Latest));
            }
            if (score.Previous is { } previous && score.Latest - previous >= input.Rules.WorseningPoints)
            {
                reasons.Add(new Reason(ReasonKind.Worsening, Light.Yellow, score.Questionnaire, Points: score.Latest - previous));
            }
        }
        if (input.OldestUnansweredMessage is { } waiting && now - waiting > TimeSpan.FromDays(input.ReplyTimeDays))
        {
            reasons.Add(new Reason(ReasonKind.MessageWaiting, Light.Yellow, Days: (int)(now - waiting).TotalDays));
        }
        if (input.LastActivity is { } last && now - last >= TimeSpan.FromDays(input.Rules.InactiveDays))
        {
            reasons.Add(new Reason(ReasonKind.Inactive, Light.Yellow, Days: (int)(now - last).TotalDays));
        }
        foreach (var overdue in input.Overdue ?? [])
        {
            reasons.Add(new Reason(ReasonKind.QuestionnaireOverdue, Light.Yellow, overdue.Questionnaire, Days: (int)(now - overdue.Since).TotalDays));
        }
        var light = reasons.Count == 0 ? Light.Green : reasons.Max(r => r.Light);
        return (light, reasons.OrderByDescending(r => r.Light).ToList());
    }
}
