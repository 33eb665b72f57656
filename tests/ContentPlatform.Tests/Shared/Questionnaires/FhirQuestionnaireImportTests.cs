using System.Text.Json.Nodes;
using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Tests.Shared.Questionnaires;

public sealed class FhirQuestionnaireImportTests
{
    private static JsonObject Exported() => JsonNode.Parse(FhirQuestionnaire.Export(WeeklyCheckIn.Create()))!.AsObject();

    private static FhirImportError SingleError(string json)
    {
        var result = FhirQuestionnaire.Import(json);
        Assert.Null(result.Definition);
        Assert.False(result.Succeeded);
        return Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"resourceType\": ")]
    [InlineData("<Questionnaire/>")]
    public void Text_that_is_not_json_is_an_error_at_the_root(string text)
    {
        var error = SingleError(text);

        Assert.Equal("$", error.Path);
        Assert.StartsWith("Not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_array_is_not_a_resource() => Assert.Equal("$", SingleError("[1, 2]").Path);

    [Fact]
    public void Another_resource_type_is_refused_at_resource_type()
    {
        var error = SingleError("""{ "resourceType": "QuestionnaireResponse", "id": "x" }""");

        Assert.Equal("resourceType", error.Path);
        Assert.Equal(FhirImportCodes.ResourceType, error.Code);
        Assert.Contains("QuestionnaireResponse", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_questionnaire_without_id_is_refused_at_id()
    {
        var fhir = Exported();
        fhir.Remove("id");

        Assert.Equal("Questionnaire.id", SingleError(fhir.ToJsonString()).Path);
    }

    [Fact]
    public void An_answer_option_without_ordinal_value_names_its_path()
    {
        var fhir = Exported();
        fhir["item"]![1]!["item"]![2]!["answerOption"]![1]!.AsObject().Remove("extension");

        var error = SingleError(fhir.ToJsonString());

        Assert.Equal("Questionnaire.item[1].item[2].answerOption[1]", error.Path);
        Assert.Contains("ordinalValue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fractional_ordinal_value_is_refused()
    {
        var fhir = Exported();
        fhir["item"]![2]!["answerOption"]![0]!["extension"]![0]!["valueDecimal"] = 0.5m;

        var error = SingleError(fhir.ToJsonString());

        Assert.Equal("Questionnaire.item[2].answerOption[0].extension[0].value", error.Path);
        Assert.Contains("whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ordinal_value_on_the_coding_is_accepted_as_other_tools_write_it()
    {
        var fhir = Exported();
        var option = fhir["item"]![2]!["answerOption"]![2]!.AsObject();
        var ordinal = option["extension"]!.DeepClone();
        option.Remove("extension");
        option["valueCoding"]!["extension"] = ordinal;

        var result = FhirQuestionnaire.Import(fhir.ToJsonString());

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Definition!.Items[8].Options![2].Value);
    }

    [Fact]
    public void An_unknown_band_colour_names_its_path()
    {
        var json = FhirQuestionnaire.Export(WeeklyCheckIn.Create()).Replace("\"valueCode\": \"yellow\"", "\"valueCode\": \"amber\"", StringComparison.Ordinal);

        var error = SingleError(json);

        Assert.Matches(@"^Questionnaire\.extension\[\d+\]\.extension\[2\]\.value$", error.Path);
        Assert.Contains("amber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_band_missing_a_part_names_the_band()
    {
        var fhir = Exported();
        var band = fhir["extension"]!.AsArray().First(e => e!["url"]!.GetValue<string>() == FhirUrls.Band)!;
        band["extension"]!.AsArray().RemoveAt(0);
        var index = fhir["extension"]!.AsArray().IndexOf(band);

        var error = SingleError(fhir.ToJsonString());

        Assert.Equal($"Questionnaire.extension[{index}].extension", error.Path);
        Assert.Contains("'from'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_question_type_other_than_choice_is_refused_at_its_type()
    {
        var fhir = Exported();
        fhir["item"]![2]!["type"] = "string";

        Assert.Equal("Questionnaire.item[2].type", SingleError(fhir.ToJsonString()).Path);
    }

    [Fact]
    public void A_number_where_a_text_belongs_is_refused_at_its_path()
    {
        var fhir = Exported();
        fhir["title"] = 42;

        var error = SingleError(fhir.ToJsonString());

        Assert.Equal("Questionnaire.title", error.Path);
        Assert.Contains("42", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(FhirImportCodes.Unreadable, error.Code);
    }

    [Fact]
    public void Every_error_in_a_file_is_reported_at_once()
    {
        var fhir = Exported();
        fhir.Remove("id");
        fhir["item"]![2]!["type"] = "string";

        Assert.Equal(["Questionnaire.id", "Questionnaire.item[2].type"], FhirQuestionnaire.Import(fhir.ToJsonString()).Errors.Select(e => e.Path));
    }

    [Fact]
    public void Duplicate_property_names_give_an_error_not_an_exception()
    {
        var result = FhirQuestionnaire.Import("""{ "resourceType": "Questionnaire", "id": "a", "id": "b" }""");

        Assert.Null(result.Definition);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Extensions_from_other_tools_are_ignored()
    {
        var fhir = Exported();
        fhir["extension"]!.AsArray().Add(new JsonObject { ["url"] = "http://example.org/fhir/StructureDefinition/other", ["valueString"] = "x" });

        Assert.True(FhirQuestionnaire.Import(fhir.ToJsonString()).Succeeded);
    }

    [Fact]
    public void Without_a_language_element_the_plain_texts_are_read_as_bokmal()
    {
        var fhir = Exported();
        fhir.Remove("language");

        var definition = FhirQuestionnaire.Import(fhir.ToJsonString()).Definition!;

        Assert.Equal("Ukentlig sjekk", definition.Title["nb"]);
    }

    [Fact]
    public void A_resource_the_base_specification_forbids_is_refused_with_the_validators_path()
    {
        // A group without items parses, but breaks R4's invariant que-1: only the validator can tell.
        var fhir = Exported();
        fhir["item"]![1]!.AsObject().Remove("item");

        var error = SingleError(fhir.ToJsonString());

        Assert.Equal("Questionnaire.item[1]", error.Path);
        Assert.Contains("que-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(FhirImportCodes.Invalid, error.Code);
    }

    [Fact]
    public void A_translation_without_its_language_is_refused_by_the_validator_at_the_extension()
    {
        var fhir = Exported();
        fhir["_title"]!["extension"]![0]!["extension"]!.AsArray().RemoveAt(0);

        var error = SingleError(fhir.ToJsonString());

        // The validator's own path for the title's first extension (it counts the primitive as a one-element list).
        Assert.Equal("Questionnaire.title[0].extension[0]", error.Path);
        Assert.Contains("extension:lang", error.Message, StringComparison.Ordinal);
        Assert.Equal(FhirImportCodes.Invalid, error.Code);
    }
}
