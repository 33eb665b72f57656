using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using static ContentPlatform.Tests.Infrastructure.SamplePrograms;

namespace ContentPlatform.Tests.Shared.Questionnaires;

/// <summary>Which safety messages a submission shows, and the publish check that every alert has one.</summary>
public sealed class QuestionnaireSafetyTests
{
    private static readonly LocalizedText BandMessage = T("Du har det tungt nå.", "Du har det tungt no.");

    private static QuestionnaireDefinition WithRedBandMessage(QuestionnaireDefinition q) =>
        q with { Bands = [.. q.Bands.Take(2), q.Bands[2] with { SafetyMessage = BandMessage }] };

    [Fact]
    public void The_chosen_options_message_is_shown_and_the_unchosen_ones_are_not()
    {
        var checkin = Checkin();
        Assert.Equal([SafetyMessage()["nb"]], QuestionnaireSafety.MessagesFor(checkin, Answers(0, 0, 2)).Select(m => m["nb"]));
        Assert.Empty(QuestionnaireSafety.MessagesFor(checkin, Answers(2, 2, 0)));
    }

    [Fact]
    public void A_bands_message_is_shown_for_a_complete_answer_in_that_band_once_beside_the_options()
    {
        var checkin = WithRedBandMessage(Checkin());
        Assert.Equal([SafetyMessage()["nb"], BandMessage["nb"]], QuestionnaireSafety.MessagesFor(checkin, Answers(2, 1, 1)).Select(m => m["nb"]));
        Assert.Empty(QuestionnaireSafety.MessagesFor(checkin, new Dictionary<string, int> { ["q1"] = 2, ["q2"] = 2 })); // incomplete: no band
    }

    [Fact]
    public void An_alert_rule_whose_options_all_carry_a_message_publishes()
    {
        Assert.Empty(QuestionnaireSafety.RulesWithoutSafetyMessage(Checkin()));
        Assert.DoesNotContain(PublishValidator.Validate(Draft(), new TranslationLog()), p => p.Code == "alert-without-safety-message");
    }

    [Fact]
    public void Publishing_refuses_an_alert_rule_with_an_option_that_has_no_message_naming_the_questionnaire_and_rule()
    {
        var program = WithoutMessageOnOption(2);
        var problem = Assert.Single(PublishValidator.Validate(program, new TranslationLog()), p => p.Code == "alert-without-safety-message");
        Assert.Equal("checkin", problem.Location.QuestionnaireId);
        Assert.Equal("Ukentlig sjekk: q3", problem.Detail);
    }

    [Fact]
    public void The_setting_lets_an_alert_rule_without_a_message_publish()
    {
        var problems = PublishValidator.Validate(WithoutMessageOnOption(1), new TranslationLog(), allowAlertsWithoutSafetyMessage: true);
        Assert.DoesNotContain(problems, p => p.Code == "alert-without-safety-message");
    }

    [Fact]
    public void A_safety_message_in_one_language_only_is_a_missing_language()
    {
        var program = Draft() with { Questionnaires = [WithOption(Checkin(), 2, new LocalizedText { ["nb"] = "Ring 113." })] };
        var problem = Assert.Single(PublishValidator.Validate(program, new TranslationLog()), p => p.Code == "missing-language");
        Assert.Equal("nn", problem.Location.Language);
    }

    [Fact]
    public void Safety_messages_on_item_options_scale_options_and_bands_survive_the_fhir_round_trip()
    {
        var checkin = WithRedBandMessage(Checkin()) with
        {
            Scale = [.. Checkin().Scale.Take(2), Checkin().Scale[2] with { SafetyMessage = BandMessage }],
        };
        var back = FhirQuestionnaire.Import(FhirQuestionnaire.Export(checkin));
        Assert.Empty(back.Errors);
        Assert.Equal(ContractJson.Of(checkin), ContractJson.Of(back.Definition!));
    }

    private static ProgramContent WithoutMessageOnOption(int value) => Draft() with { Questionnaires = [WithOption(Checkin(), value, null)] };

    private static QuestionnaireDefinition WithOption(QuestionnaireDefinition q, int value, LocalizedText? message) => q with
    {
        Items = q.Items.Select(i => i.Id != "q3" ? i : i with
        {
            Options = i.Options!.Select(o => o.Value == value ? o with { SafetyMessage = message } : o).ToList(),
        }).ToList(),
    };

    private static Dictionary<string, int> Answers(int q1, int q2, int q3) => new() { ["q1"] = q1, ["q2"] = q2, ["q3"] = q3 };
}
