using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Cms.Transfer.Files;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Shared.Questionnaires;

public sealed class FhirQuestionnaireRoundTripTests
{
    private readonly QuestionnaireDefinition _checkIn = WeeklyCheckIn.Create();

    private static QuestionnaireDefinition RoundTrip(QuestionnaireDefinition definition, string sourceLanguage = "nb")
    {
        var result = FhirQuestionnaire.Import(FhirQuestionnaire.Export(definition, sourceLanguage));
        Assert.Empty(result.Errors);
        return result.Definition!;
    }

    [Fact]
    public void Import_of_export_equals_the_two_language_check_in()
    {
        Assert.Equal(9, _checkIn.Items.Count);

        Assert.Equal(ContractJson.Of(_checkIn), ContractJson.Of(RoundTrip(_checkIn)));
    }

    [Fact]
    public void Round_trip_is_lossless_with_nynorsk_as_source_language() =>
        Assert.Equal(ContractJson.Of(_checkIn), ContractJson.Of(RoundTrip(_checkIn, "nn")));

    [Fact]
    public void Round_trip_keeps_the_item_order_when_sub_scale_items_are_interleaved()
    {
        var items = _checkIn.Items;
        var interleaved = _checkIn with { Items = [items[8], items[0], items[4], items[1], items[5], items[2], items[6], items[3], items[7]] };

        Assert.Equal(ContractJson.Of(interleaved), ContractJson.Of(RoundTrip(interleaved)));
    }

    [Fact]
    public void Round_trip_keeps_texts_that_lack_the_source_language_and_empty_lists()
    {
        var sparse = _checkIn with
        {
            Intro = new LocalizedText(),
            Title = new LocalizedText { ["nn"] = "Berre nynorsk" },
            When = [],
            ShowResultToPatient = false,
            Alerts = [],
            Scale = [],
            Items = [.. _checkIn.Items.Select(i => i with { Options = _checkIn.OptionsFor(i) })],
        };

        Assert.Equal(ContractJson.Of(sparse), ContractJson.Of(RoundTrip(sparse)));
    }

    [Fact]
    public void An_item_with_an_empty_option_list_does_not_come_back_on_the_scale()
    {
        var emptied = _checkIn with { Items = [.. _checkIn.Items.Take(8), _checkIn.Items[8] with { Options = [] }] };

        var back = RoundTrip(emptied);

        Assert.NotNull(back.Items[8].Options);
        Assert.Empty(back.Items[8].Options!);
    }

    [Fact]
    public void A_round_tripped_definition_scores_like_the_original()
    {
        var answers = WeeklyCheckIn.Answers(2, q9: 1);

        var before = QuestionnaireScorer.Score(_checkIn, answers);
        var after = QuestionnaireScorer.Score(RoundTrip(_checkIn), answers);

        Assert.Equal((before.Total, before.TrafficLight, before.Alerts.Count), (after.Total, after.TrafficLight, after.Alerts.Count));
    }

    [Fact]
    public void Every_demo_questionnaire_in_the_content_folder_comes_back_equal_through_the_sdk()
    {
        var programs = ContentFolderReader.Read(Path.Combine(RepoPaths.Root, "content")).Programs.Select(p => p.Content).ToList();
        var questionnaires = programs.SelectMany(p => p.Questionnaires.Select(q => (p.SourceLanguage, Questionnaire: q))).ToList();

        Assert.NotEmpty(questionnaires);
        Assert.All(questionnaires, q =>
            Assert.Equal(ContractJson.Of(q.Questionnaire), ContractJson.Of(RoundTrip(q.Questionnaire, q.SourceLanguage))));
    }

    [Fact]
    public void A_sub_scale_without_questions_is_an_empty_group_which_fhir_refuses()
    {
        var empty = _checkIn with { Subscales = [.. _checkIn.Subscales, new Subscale { Id = "sleep", Title = LocalizedText.Of("Søvn", "Søvn") }] };

        var error = Assert.Single(FhirQuestionnaire.Import(FhirQuestionnaire.Export(empty)).Errors);

        Assert.Equal("Questionnaire.item[2]", error.Path);
    }

    [Fact]
    public void The_canonical_url_and_version_are_written_and_do_not_change_the_definition()
    {
        var canonical = FhirUrls.QuestionnaireCanonical("meistring-av-uro", _checkIn.Id, 3);

        var fhir = FhirQuestionnaire.ToFhir(_checkIn, "nb", canonical);

        Assert.Equal(("https://contentplatform.no/fhir/Questionnaire/meistring-av-uro.weekly-checkin", "3"), (fhir.Url, fhir.Version));
        Assert.Equal(ContractJson.Of(_checkIn), ContractJson.Of(FhirQuestionnaire.Import(FhirQuestionnaire.Export(_checkIn, "nb", canonical)).Definition!));
    }
}
