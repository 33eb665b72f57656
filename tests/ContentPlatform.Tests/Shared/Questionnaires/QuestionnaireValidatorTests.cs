using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Tests.Shared.Questionnaires;

public sealed class QuestionnaireValidatorTests
{
    private readonly QuestionnaireDefinition _checkIn = WeeklyCheckIn.Create();

    private static IReadOnlyList<QuestionnaireProblem> Validate(QuestionnaireDefinition definition) =>
        QuestionnaireValidator.Validate(definition, WeeklyCheckIn.Languages);

    private static SeverityBand Band(int from, int to, SeverityColor color = SeverityColor.Green) =>
        new() { From = from, To = to, Color = color, Label = LocalizedText.Of("Merkelapp", "Merkelapp") };

    [Fact]
    public void The_example_check_in_has_no_problems() => Assert.Empty(Validate(_checkIn));

    [Fact]
    public void Possible_totals_come_from_each_items_lowest_and_highest_option() =>
        Assert.Equal((0, 26), QuestionnaireValidator.PossibleTotals(_checkIn));

    [Fact]
    public void A_gap_between_bands_names_the_first_uncovered_total()
    {
        var problem = Assert.Single(Validate(_checkIn with { Bands = [Band(0, 7), Band(10, 26)] }));

        Assert.Equal(("bands-gap", "bands"), (problem.Code, problem.Path));
        Assert.Contains("first uncovered total: 8", problem.Message, StringComparison.Ordinal);
        Assert.Contains("8–9", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bands_that_stop_short_of_the_highest_total_leave_a_gap_at_the_top()
    {
        var problem = Assert.Single(Validate(_checkIn with { Bands = [Band(0, 25)] }));

        Assert.Equal("bands-gap", problem.Code);
        Assert.Contains("total 26 is", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_bands_are_reported_at_the_later_band()
    {
        var problem = Assert.Single(Validate(_checkIn with { Bands = [Band(0, 8), Band(8, 26)] }));

        Assert.Equal(("bands-overlap", "bands[1]"), (problem.Code, problem.Path));
    }

    [Fact]
    public void A_band_beyond_the_possible_totals_is_out_of_range()
    {
        var problems = Validate(_checkIn with { Bands = [Band(0, 15), Band(16, 27)] });

        var problem = Assert.Single(problems, p => p.Code == "bands-out-of-range");
        Assert.Equal("bands[1]", problem.Path);
    }

    [Fact]
    public void A_band_that_ends_before_it_starts_is_out_of_range()
    {
        var problems = Validate(_checkIn with { Bands = [Band(0, 26), Band(9, 8)] });

        Assert.Equal("bands[1]", Assert.Single(problems, p => p.Code == "bands-out-of-range").Path);
    }

    [Fact]
    public void A_questionnaire_without_bands_is_unscored_and_allowed() =>
        Assert.Empty(Validate(_checkIn with { Bands = [] }));

    [Fact]
    public void An_alert_on_an_unknown_item_is_reported_at_its_item()
    {
        var problem = Assert.Single(Validate(_checkIn with { Alerts = [_checkIn.Alerts[0] with { Item = "q99" }] }));

        Assert.Equal(("alert-unknown-item", "alerts[0].item"), (problem.Code, problem.Path));
    }

    [Fact]
    public void An_alert_above_the_items_highest_value_is_unreachable()
    {
        // q9's own options stop at 2, although the shared scale goes to 3.
        var problem = Assert.Single(Validate(_checkIn with { Alerts = [_checkIn.Alerts[0] with { AtLeast = 3 }] }));

        Assert.Equal(("alert-unreachable", "alerts[0].atLeast"), (problem.Code, problem.Path));
    }

    [Fact]
    public void An_alert_at_the_items_lowest_value_always_fires()
    {
        var problem = Assert.Single(Validate(_checkIn with { Alerts = [_checkIn.Alerts[0] with { AtLeast = 0 }] }));

        Assert.Equal("alert-always-fires", problem.Code);
    }

    [Fact]
    public void A_repeated_item_id_is_a_duplicate()
    {
        var problems = Validate(_checkIn with { Items = [.. _checkIn.Items, _checkIn.Items[0]] });

        var problem = Assert.Single(problems, p => p.Code == "duplicate-item-id");
        Assert.Equal("items[q1]", problem.Path);
    }

    [Fact]
    public void An_item_without_options_and_without_a_scale_has_no_options()
    {
        var problems = Validate(_checkIn with { Scale = [] });

        Assert.Equal(8, problems.Count(p => p.Code == "item-no-options"));
        Assert.Contains(problems, p => p.Path == "items[q3].options");
        Assert.DoesNotContain(problems, p => p.Path == "items[q9].options");
    }

    [Fact]
    public void An_empty_option_list_does_not_fall_back_to_the_scale()
    {
        var items = _checkIn.Items.Select(i => i.Id == "q3" ? i with { Options = [] } : i).ToList();

        var problem = Assert.Single(Validate(_checkIn with { Items = items }), p => p.Code == "item-no-options");

        Assert.Equal("items[q3].options", problem.Path);
    }

    [Fact]
    public void Two_options_with_the_same_value_are_reported()
    {
        var scale = _checkIn.Scale.Select(o => o.Value == 3 ? o with { Value = 2 } : o).ToList();

        var problems = Validate(_checkIn with { Scale = scale, Bands = [Band(0, 18)] });

        Assert.Equal(("duplicate-option-value", "scale"), (problems[0].Code, problems[0].Path));
    }

    [Fact]
    public void An_item_in_an_unlisted_sub_scale_is_reported()
    {
        var items = _checkIn.Items.Select(i => i.Id == "q5" ? i with { Subscale = "sleep" } : i).ToList();

        var problem = Assert.Single(Validate(_checkIn with { Items = items }));

        Assert.Equal(("subscale-unknown", "items[q5].subscale"), (problem.Code, problem.Path));
    }

    [Fact]
    public void A_text_lacking_a_required_language_is_missing_text()
    {
        var items = _checkIn.Items.Select(i => i.Id == "q2" ? i with { Text = new LocalizedText { ["nb"] = "Bare bokmål" } } : i).ToList();

        var problem = Assert.Single(Validate(_checkIn with { Items = items }));

        Assert.Equal(("missing-text", "items[q2].text"), (problem.Code, problem.Path));
        Assert.Contains("nn", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_text_is_checked_in_title_intro_options_labels_and_reasons()
    {
        var onlyNb = new LocalizedText { ["nb"] = "Tekst" };
        var q9 = _checkIn.Items[8];
        var broken = _checkIn with
        {
            Title = onlyNb,
            Intro = new LocalizedText(),
            Scale = [_checkIn.Scale[0] with { Text = onlyNb }, .. _checkIn.Scale.Skip(1)],
            Items = [.. _checkIn.Items.Take(8), q9 with { Options = [q9.Options![0], q9.Options[1] with { Text = onlyNb }, q9.Options[2]] }],
            Subscales = [_checkIn.Subscales[0] with { Title = onlyNb }, _checkIn.Subscales[1]],
            Bands = [_checkIn.Bands[0], _checkIn.Bands[1] with { Label = onlyNb }, _checkIn.Bands[2]],
            Alerts = [_checkIn.Alerts[0] with { Reason = onlyNb }],
        };

        var paths = Validate(broken).Where(p => p.Code == "missing-text").Select(p => p.Path).ToList();

        Assert.Equal(
            ["title", "intro", "scale[0].text", "items[q9].options[1].text", "subscales[0].title", "bands[1].label", "alerts[0].reason"],
            paths);
    }

    [Fact]
    public void Whitespace_only_text_counts_as_missing()
    {
        var problem = Assert.Single(Validate(_checkIn with { Title = LocalizedText.Of("Ukentlig sjekk", "  ") }));

        Assert.Equal(("missing-text", "title"), (problem.Code, problem.Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Weekly")]
    [InlineData("weekly checkin")]
    [InlineData("ukesjekk-æ")]
    public void Questionnaire_ids_outside_the_id_rule_are_invalid(string id)
    {
        var problem = Assert.Single(Validate(_checkIn with { Id = id }));

        Assert.Equal(("invalid-id", "id"), (problem.Code, problem.Path));
    }

    [Fact]
    public void An_id_longer_than_64_characters_is_invalid() =>
        Assert.Equal("invalid-id", Assert.Single(Validate(_checkIn with { Id = new string('a', 65) })).Code);

    [Fact]
    public void Item_and_sub_scale_ids_follow_the_same_rule()
    {
        var items = _checkIn.Items.Select(i => i.Id == "q4" ? i with { Id = "Q4" } : i).ToList();
        var subscales = _checkIn.Subscales.Select(s => s.Id == "mood" ? s with { Id = "mood_" } : s).ToList();

        var problems = Validate(_checkIn with { Items = items, Subscales = subscales });

        Assert.Contains(problems, p => p is { Code: "invalid-id", Path: "items[3].id" });
        Assert.Contains(problems, p => p is { Code: "invalid-id", Path: "subscales[1].id" });
    }
}
