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

/// <param name="Key">Identifies this occurrence of the reason, so a therapist can mark it handled (see <see cref="ReasonKeys"/>).</param>
public sealed record Reason(ReasonKind Kind, Light Light, LocalizedText? Questionnaire = null, LocalizedText? Text = null, int? Days = null,
    int? Points = null, string Key = "");

/// <summary>The latest and the one-before answers to one questionnaire, as the triage reads them.</summary>
/// <param name="LatestId">The latest result's id; <paramref name="AlertItems"/> the item each alert fired on, beside <paramref name="Alerts"/>.</param>
public sealed record ScoreHistory(LocalizedText Questionnaire, int Latest, int? Previous, string? LatestLight, IReadOnlyList<LocalizedText> Alerts,
    LocalizedText? BandLabel, long LatestId = 0, IReadOnlyList<string>? AlertItems = null);

/// <summary>What triage knows about one patient in one program.</summary>
public sealed record TriageInput(
    IReadOnlyList<ScoreHistory> Scores,
    DateTimeOffset? OldestUnansweredMessage,
    DateTimeOffset? LastActivity,
    int ReplyTimeDays,
    TriageRules Rules,
    IReadOnlyList<OverdueQuestionnaire>? Overdue = null,
    long? OldestUnansweredMessageId = null,
    IReadOnlySet<string>? Handled = null);

/// <summary>A questionnaire on the plan left unanswered past the grace, since when it fell due; the key names its newest occurrence.</summary>
public sealed record OverdueQuestionnaire(LocalizedText Questionnaire, DateTimeOffset Since, string OccurrenceKey = "");

/// <summary>
/// What identifies one occurrence of a reason. A questionnaire reason is its result (results are never changed) plus the
/// rule: the item an alert rule watches, the band, the worsening. A waiting message is that message; inactivity is the
/// moment of the last activity. Handling marks one key; a new answer, message or silence is a new key and turns the row
/// red or yellow again.
/// </summary>
public static class ReasonKeys
{
    public static string Alert(long resultId, string item) => $"result:{resultId}:alert:{item}";
    public static string RedBand(long resultId) => $"result:{resultId}:band";
    public static string Worsening(long resultId) => $"result:{resultId}:worsening";
    public static string Message(long messageId) => $"message:{messageId}";
    public static string Inactive(DateTimeOffset lastActivity) => $"inactive:{lastActivity.ToUnixTimeSeconds()}";
    public static string Overdue(string occurrenceKey) => $"overdue:{occurrenceKey}";

    /// <summary>The red keys one result raises: one per fired alert, else the red band's.</summary>
    public static IEnumerable<string> RedOf(long resultId, IReadOnlyList<string> alertItems, string? light) =>
        alertItems.Count > 0 ? alertItems.Select(item => Alert(resultId, item)) : light == "red" ? [RedBand(resultId)] : [];
}

/// <summary>
/// The traffic-light rules of the caseload, as plain code with no database, so every rule is unit tested:
/// red — an alert rule fired or a red severity band in the latest answer to a questionnaire;
/// yellow — a patient message unanswered longer than the promised reply time, no activity for N days, a total worse than
/// the previous one by the program's threshold, or a questionnaire on the plan overdue; green — none of these. A reason a
/// therapist has marked handled no longer counts.
/// </summary>
public static class Triage
{
    public const int DefaultReplyTimeDays = 3;

    public static (Light Light, IReadOnlyList<Reason> Reasons) Assess(TriageInput input, DateTimeOffset now)
    {
        var reasons = new List<Reason>();
        foreach (var score in input.Scores)
        {
            for (var i = 0; i < score.Alerts.Count; i++)
            {
                var item = score.AlertItems is { } items && i < items.Count ? items[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                reasons.Add(new Reason(ReasonKind.Alert, Light.Red, score.Questionnaire, score.Alerts[i], Key: ReasonKeys.Alert(score.LatestId, item)));
            }
            if (score.LatestLight == "red" && score.Alerts.Count == 0)
            {
                reasons.Add(new Reason(ReasonKind.RedBand, Light.Red, score.Questionnaire, score.BandLabel, Points: score.Latest,
                    Key: ReasonKeys.RedBand(score.LatestId)));
            }
            if (score.Previous is { } previous && score.Latest - previous >= input.Rules.WorseningPoints)
            {
                reasons.Add(new Reason(ReasonKind.Worsening, Light.Yellow, score.Questionnaire, Points: score.Latest - previous,
                    Key: ReasonKeys.Worsening(score.LatestId)));
            }
        }
        if (input.OldestUnansweredMessage is { } waiting && now - waiting > TimeSpan.FromDays(input.ReplyTimeDays))
        {
            reasons.Add(new Reason(ReasonKind.MessageWaiting, Light.Yellow, Days: (int)(now - waiting).TotalDays,
                Key: ReasonKeys.Message(input.OldestUnansweredMessageId ?? 0)));
        }
        if (input.LastActivity is { } last && now - last >= TimeSpan.FromDays(input.Rules.InactiveDays))
        {
            reasons.Add(new Reason(ReasonKind.Inactive, Light.Yellow, Days: (int)(now - last).TotalDays, Key: ReasonKeys.Inactive(last)));
        }
        foreach (var overdue in input.Overdue ?? [])
        {
            reasons.Add(new Reason(ReasonKind.QuestionnaireOverdue, Light.Yellow, overdue.Questionnaire, Days: (int)(now - overdue.Since).TotalDays,
                Key: ReasonKeys.Overdue(overdue.OccurrenceKey)));
        }
        // Only what nobody has handled yet colours the row and is listed.
        if (input.Handled is { Count: > 0 } handled)
        {
            reasons.RemoveAll(r => handled.Contains(r.Key));
        }
        var light = reasons.Count == 0 ? Light.Green : reasons.Max(r => r.Light);
        return (light, reasons.OrderByDescending(r => r.Light).ToList());
    }
}
