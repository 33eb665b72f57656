using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Tests.Shared.Questionnaires;

public sealed class QuestionnaireScorerTests
{
    private readonly QuestionnaireDefinition _checkIn = WeeklyCheckIn.Create();

    [Fact]
    public void Total_is_the_sum_of_the_chosen_option_values()
    {
        var score = QuestionnaireScorer.Score(_checkIn, WeeklyCheckIn.Answers(1, q9: 0, ("q1", 3), ("q8", 0)));

        Assert.True(score.IsValid);
        Assert.Equal(3 + 1 + 1 + 1 + 1 + 1 + 1 + 0 + 0, score.Total);
    }

    [Fact]
    public void Sub_scale_scores_sum_only_their_own_items_in_definition_order()
    {
        var score = QuestionnaireScorer.Score(_checkIn, WeeklyCheckIn.Answers(0, q9: 2, ("q1", 3), ("q2", 2), ("q6", 1)));

        Assert.Equal([new SubscaleScore("worry", 5), new SubscaleScore("mood", 1)], score.Subscales);
        Assert.Equal(8, score.Total);
    }

    [Fact]
    public void Item_options_override_the_shared_scale()
    {
        var score = QuestionnaireScorer.Score(_checkIn, WeeklyCheckIn.Answers(0, q9: 2));

        Assert.True(score.IsValid);
        Assert.Equal(2, score.Total);
    }

    [Theory]
    [InlineData(0, SeverityColor.Green)]
    [InlineData(7, SeverityColor.Green)]
    [InlineData(8, SeverityColor.Yellow)]
    [InlineData(15, SeverityColor.Yellow)]
    [InlineData(16, SeverityColor.Red)]
    [InlineData(24, SeverityColor.Red)]
    public void Band_is_chosen_inclusively_at_both_edges(int total, SeverityColor expected)
    {
        var score = QuestionnaireScorer.Score(_checkIn, AnswersWithTotal(total));

        Assert.Equal(total, score.Total);
        Assert.Equal(expected, score.Band?.Color);
    }

    [Fact]
    public void Band_carries_its_label()
    {
        var score = QuestionnaireScorer.Score(_checkIn, AnswersWithTotal(9));

        Assert.Equal("Nokre plager", score.Band?.Label["nn"]);
    }

    [Fact]
    public void Alert_fires_when_the_answer_is_exactly_the_threshold()
    {
        var score = QuestionnaireScorer.Score(_checkIn, WeeklyCheckIn.Answers(0, q9: 1));

        var alert = Assert.Single(score.Alerts);
        Assert.Equal("q9", alert.Item);
        Assert.Equal(SeverityColor.Red, alert.Color);
        Assert.Equal("Pasienten melder tanker om selvskading", alert.Reason["nb"]);
    }

    [Fact]
    public void Alert_does_not_fire_below_the_threshold()
    {
        var score = QuestionnaireScorer.Score(_checkIn, WeeklyCheckIn.Answers(3, q9: 0));

        Assert.Empty(score.Alerts);
    }

    [Fact]
    public void Traffic_light_is_the_band_colour_when_no_alert_fires()
    {
        var score = QuestionnaireScorer.Score(_checkIn, AnswersWithTotal(10));

        Assert.Equal(SeverityColor.Yellow, score.TrafficLight);
    }

    [Fact]
    public void Traffic_light_is_the_worst_of_band_and_alert_colours()
    {
        // Total 1 is green, but the q9 alert is red: the therapist must see red.
        var score = QuestionnaireScorer.Score(_checkIn, WeeklyCheckIn.Answers(0, q9: 1));

        Assert.Equal(SeverityColor.Green, score.Band?.Color);
        Assert.Equal(SeverityColor.Red, score.TrafficLight);
    }

    [Fact]
    public void A_milder_alert_does_not_lower_a_worse_band()
    {
        var yellowAlert = _checkIn with
        {
            Alerts = [_checkIn.Alerts[0] with { Item = "q1", AtLeast = 3, Color = SeverityColor.Yellow }],
        };

        var score = QuestionnaireScorer.Score(yellowAlert, WeeklyCheckIn.Answers(3));

        Assert.Equal(SeverityColor.Yellow, Assert.Single(score.Alerts).Color);
        Assert.Equal(SeverityColor.Red, score.TrafficLight);
    }

    [Fact]
    public void Missing_answers_make_the_score_incomplete_and_name_the_open_items()
    {
        var answers = WeeklyCheckIn.Answers(1);
        answers.Remove("q3");
        answers.Remove("q7");

        var score = QuestionnaireScorer.Score(_checkIn, answers);

        Assert.True(score.IsValid);
        Assert.False(score.IsComplete);
        Assert.Equal(["q3", "q7"], score.UnansweredItems);
        Assert.Equal(6, score.Total);
    }

    [Fact]
    public void Incomplete_answers_get_no_band_so_no_false_green()
    {
        var score = QuestionnaireScorer.Score(_checkIn, new Dictionary<string, int> { ["q1"] = 0 });

        Assert.Null(score.Band);
        Assert.Null(score.TrafficLight);
    }

    [Fact]
    public void Alerts_fire_even_when_answers_are_incomplete()
    {
        var score = QuestionnaireScorer.Score(_checkIn, new Dictionary<string, int> { ["q9"] = 2 });

        Assert.False(score.IsComplete);
        Assert.Single(score.Alerts);
        Assert.Equal(SeverityColor.Red, score.TrafficLight);
    }

    [Fact]
    public void Complete_answers_are_marked_complete()
    {
        var score = QuestionnaireScorer.Score(_checkIn, WeeklyCheckIn.Answers(0));

        Assert.True(score.IsComplete);
        Assert.Empty(score.UnansweredItems);
    }

    [Fact]
    public void An_answer_to_an_unknown_item_is_rejected_with_an_error_naming_it()
    {
        var score = QuestionnaireScorer.Score(_checkIn, WeeklyCheckIn.Answers(0, 0, ("q10", 1)));

        var error = Assert.Single(score.Errors);
        Assert.Equal(("q10", "unknown-item"), (error.Item, error.Code));
        Assert.Contains("q10", error.Message, StringComparison.Ordinal);
        Assert.False(score.IsValid);
    }

    [Fact]
    public void A_value_that_is_not_among_the_items_options_is_rejected()
    {
        // 3 is on the shared scale but not among q9's own options.
        var score = QuestionnaireScorer.Score(_checkIn, WeeklyCheckIn.Answers(0, q9: 3));

        var error = Assert.Single(score.Errors);
        Assert.Equal(("q9", "invalid-value"), (error.Item, error.Code));
        Assert.Contains("0, 1, 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejected_answers_produce_no_score_at_all()
    {
        var score = QuestionnaireScorer.Score(_checkIn, WeeklyCheckIn.Answers(3, 2, ("q1", 9)));

        Assert.Equal(0, score.Total);
        Assert.Null(score.Band);
        Assert.Null(score.TrafficLight);
        Assert.Empty(score.Alerts);
        Assert.False(score.IsComplete);
    }

    [Fact]
    public void A_definition_with_a_repeated_sub_scale_id_still_scores()
    {
        var repeated = _checkIn with { Subscales = [.. _checkIn.Subscales, _checkIn.Subscales[0]] };

        var score = QuestionnaireScorer.Score(repeated, WeeklyCheckIn.Answers(1));

        Assert.Equal([4, 4, 4], score.Subscales.Select(s => s.Score));
    }

    // Fills the eight 0–3 items from the first, so every total 0–24 is reachable with q9 = 0.
    private static Dictionary<string, int> AnswersWithTotal(int total)
    {
        var answers = WeeklyCheckIn.Answers(0);
        for (var i = 1; i <= 8 && total > 0; i++)
        {
            var value = Math.Min(3, total);
            answers[$"q{i}"] = value;
            total -= value;
        }
        return answers;
    }
}
