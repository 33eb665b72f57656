using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Tests.CareTeams;

public sealed class TriageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly LocalizedText Phq = new() { ["nb"] = "PHQ-9", ["nn"] = "PHQ-9" };

    private static TriageInput Input(IReadOnlyList<ScoreHistory>? scores = null, DateTimeOffset? waiting = null, DateTimeOffset? active = null) =>
        new(scores ?? [], waiting, active ?? Now.AddHours(-1), ReplyTimeDays: 2, new TriageRules { InactiveDays = 7, WorseningPoints = 5 });

    private static ScoreHistory Score(int latest, int? previous = null, string? light = "green", params string[] alerts) =>
        new(Phq, latest, previous, light, alerts.Select(a => new LocalizedText { ["nb"] = a }).ToList(), new LocalizedText { ["nb"] = "band" });

    [Fact]
    public void A_patient_with_nothing_to_act_on_is_green() =>
        Assert.Equal((Light.Green, 0), (Triage.Assess(Input([Score(4, 3)]), Now).Light, Triage.Assess(Input([Score(4, 3)]), Now).Reasons.Count));

    [Fact]
    public void A_fired_alert_rule_makes_the_patient_red_with_the_rule_as_the_reason()
    {
        var (light, reasons) = Triage.Assess(Input([Score(6, null, "red", "Tanker om selvskading")]), Now);
        Assert.Equal(Light.Red, light);
        var reason = Assert.Single(reasons);
        Assert.Equal(ReasonKind.Alert, reason.Kind);
        Assert.Equal("Tanker om selvskading", reason.Text!["nb"]);
    }

    [Fact]
    public void A_red_band_without_an_alert_is_red_because_of_the_band()
    {
        var (light, reasons) = Triage.Assess(Input([Score(20, 19, "red")]), Now);
        Assert.Equal(Light.Red, light);
        Assert.Equal(ReasonKind.RedBand, Assert.Single(reasons).Kind);
    }

    [Theory]
    [InlineData(10, 5, true)]  // exactly the threshold
    [InlineData(9, 5, false)]
    [InlineData(3, 12, false)] // better is never a worry
    public void A_score_worse_than_the_previous_by_the_program_threshold_is_yellow(int latest, int previous, bool yellow)
    {
        var (light, reasons) = Triage.Assess(Input([Score(latest, previous)]), Now);
        Assert.Equal(yellow ? Light.Yellow : Light.Green, light);
        Assert.Equal(yellow, reasons.Any(r => r.Kind == ReasonKind.Worsening && r.Points == latest - previous));
    }

    [Fact]
    public void A_message_waiting_longer_than_the_promised_reply_time_is_yellow_and_not_before()
    {
        Assert.Equal(Light.Green, Triage.Assess(Input(waiting: Now.AddDays(-2).AddMinutes(1)), Now).Light);
        var (light, reasons) = Triage.Assess(Input(waiting: Now.AddDays(-3)), Now);
        Assert.Equal(Light.Yellow, light);
        Assert.Equal(new Reason(ReasonKind.MessageWaiting, Light.Yellow, Days: 3), Assert.Single(reasons) with { Key = "" }); // keys: their own test
    }

    [Fact]
    public void No_activity_for_the_program_number_of_days_is_yellow()
    {
        Assert.Equal(Light.Green, Triage.Assess(Input(active: Now.AddDays(-6)), Now).Light);
        var (light, reasons) = Triage.Assess(Input(active: Now.AddDays(-9)), Now);
        Assert.Equal(Light.Yellow, light);
        Assert.Equal(new Reason(ReasonKind.Inactive, Light.Yellow, Days: 9, Key: ReasonKeys.Inactive(Now.AddDays(-9))), Assert.Single(reasons));
    }

    [Fact]
    public void Red_wins_over_yellow_and_every_reason_is_listed_most_urgent_first()
    {
        var (light, reasons) = Triage.Assess(Input([Score(15, 5, "red", "Håpløshet")], waiting: Now.AddDays(-4), active: Now.AddDays(-10)), Now);
        Assert.Equal(Light.Red, light);
        Assert.Equal([ReasonKind.Alert, ReasonKind.Worsening, ReasonKind.MessageWaiting, ReasonKind.Inactive], reasons.Select(r => r.Kind));
    }

    [Fact]
    public void A_handled_reason_no_longer_colours_the_row_and_the_others_still_do()
    {
        var scores = new[] { Score(6, null, "red", "Tanker om selvskading") with { LatestId = 41, AlertItems = ["q9"] } };
        var input = Input(scores, waiting: Now.AddDays(-3)) with { OldestUnansweredMessageId = 7 };
        var (before, reasons) = Triage.Assess(input, Now);
        Assert.Equal(Light.Red, before);
        Assert.Equal(["result:41:alert:q9", "message:7"], reasons.Select(r => r.Key));

        var (after, left) = Triage.Assess(input with { Handled = new HashSet<string> { "result:41:alert:q9" } }, Now);
        Assert.Equal(Light.Yellow, after);
        Assert.Equal(ReasonKind.MessageWaiting, Assert.Single(left).Kind);

        var (none, _) = Triage.Assess(input with { Handled = new HashSet<string> { "result:41:alert:q9", "message:7" } }, Now);
        Assert.Equal(Light.Green, none);
    }

    [Fact]
    public void A_new_alert_after_handling_turns_the_row_red_again()
    {
        var handled = new HashSet<string> { ReasonKeys.Alert(41, "q9") };
        var newer = Score(6, 6, "red", "Tanker om selvskading") with { LatestId = 42, AlertItems = ["q9"] };
        var (light, reasons) = Triage.Assess(Input([newer]) with { Handled = handled }, Now);
        Assert.Equal(Light.Red, light);
        Assert.Equal("result:42:alert:q9", Assert.Single(reasons).Key);
    }
}
