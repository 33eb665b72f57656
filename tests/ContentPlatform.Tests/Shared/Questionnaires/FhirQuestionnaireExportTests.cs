using System.Text.Json.Nodes;
using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Tests.Shared.Questionnaires;

public sealed class FhirQuestionnaireExportTests
{
    private readonly JsonNode _fhir = JsonNode.Parse(FhirQuestionnaire.Export(WeeklyCheckIn.Create()))!;

    private static string Translation(JsonNode? twin, string language) =>
        twin!["extension"]!.AsArray()
            .Single(e => e!["url"]!.GetValue<string>() == FhirUrls.Translation
                && e["extension"]![0]!["valueCode"]!.GetValue<string>() == language)!
            ["extension"]![1]!["valueString"]!.GetValue<string>();

    [Fact]
    public void Export_is_an_active_questionnaire_resource_in_the_source_language()
    {
        Assert.Equal("Questionnaire", _fhir["resourceType"]!.GetValue<string>());
        Assert.Equal("weekly-checkin", _fhir["id"]!.GetValue<string>());
        Assert.Equal("active", _fhir["status"]!.GetValue<string>());
        Assert.Equal("nb", _fhir["language"]!.GetValue<string>());
        Assert.Equal("Ukentlig sjekk", _fhir["title"]!.GetValue<string>());
    }

    [Fact]
    public void Other_languages_travel_as_translation_extensions_on_the_underscore_twin() =>
        Assert.Equal("Vekesjekk", Translation(_fhir["_title"], "nn"));

    [Fact]
    public void Sub_scales_become_groups_holding_their_questions()
    {
        var items = _fhir["item"]!.AsArray();

        Assert.Equal(["worry", "mood", "q9"], items.Select(i => i!["linkId"]!.GetValue<string>()));
        Assert.Equal("group", items[0]!["type"]!.GetValue<string>());
        Assert.Equal(["q1", "q2", "q3", "q4"], items[0]!["item"]!.AsArray().Select(i => i!["linkId"]!.GetValue<string>()));
        Assert.Equal("Senka stemningsleie", Translation(items[1]!["_text"], "nn"));
    }

    [Fact]
    public void Questions_are_choices_with_coded_options_and_ordinal_values()
    {
        var q9 = _fhir["item"]![2]!;
        var option = q9["answerOption"]![1]!;

        Assert.Equal("choice", q9["type"]!.GetValue<string>());
        Assert.Equal("1", option["valueCoding"]!["code"]!.GetValue<string>());
        Assert.Equal("Ja, av og til", option["valueCoding"]!["display"]!.GetValue<string>());
        var ordinal = Assert.Single(option["extension"]!.AsArray());
        Assert.Equal(FhirUrls.OrdinalValue, ordinal!["url"]!.GetValue<string>());
        Assert.Equal(1m, ordinal["valueDecimal"]!.GetValue<decimal>());
    }

    [Fact]
    public void Questions_on_the_shared_scale_list_its_options_for_any_fhir_renderer()
    {
        var q1 = _fhir["item"]![0]!["item"]![0]!;

        Assert.Equal(4, q1["answerOption"]!.AsArray().Count);
        Assert.Equal("Nesten heile tida", Translation(q1["answerOption"]![3]!["valueCoding"]!["_display"], "nn"));
    }

    [Fact]
    public void Bands_alerts_and_schedule_are_kept_in_our_own_extensions()
    {
        var urls = _fhir["extension"]!.AsArray().Select(e => e!["url"]!.GetValue<string>()).ToList();

        Assert.Equal(2, urls.Count(u => u == FhirUrls.Schedule));
        Assert.Equal(3, urls.Count(u => u == FhirUrls.Band));
        Assert.Single(urls, FhirUrls.Alert);
        Assert.Single(urls, FhirUrls.ShowResultToPatient);
        Assert.All(urls, u => Assert.StartsWith("https://contentplatform.no/fhir/StructureDefinition/", u, StringComparison.Ordinal));
    }

    [Fact]
    public void Item_positions_are_only_written_when_grouping_would_reorder_items() =>
        Assert.DoesNotContain(FhirUrls.ItemPosition, FhirQuestionnaire.Export(WeeklyCheckIn.Create()), StringComparison.Ordinal);
}
