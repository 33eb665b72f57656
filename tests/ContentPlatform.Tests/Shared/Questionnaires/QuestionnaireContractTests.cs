using System.Text.Json;
using System.Text.Json.Nodes;
using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Tests.Shared.Questionnaires;

public sealed class QuestionnaireContractTests
{
    [Fact]
    public void The_contract_is_camel_case_with_the_yamls_enum_words()
    {
        var json = JsonNode.Parse(ContractJson.Of(WeeklyCheckIn.Create()))!;

        Assert.Equal("[\"module-start\",\"weekly\"]", json["when"]!.ToJsonString());
        Assert.True(json["showResultToPatient"]!.GetValue<bool>());
        Assert.Equal("red", json["bands"]![2]!["color"]!.GetValue<string>());
        Assert.Equal("Vekesjekk", json["title"]!["nn"]!.GetValue<string>());
    }

    [Fact]
    public void Items_that_follow_the_scale_carry_no_options_in_the_contract()
    {
        var json = JsonNode.Parse(ContractJson.Of(WeeklyCheckIn.Create()))!;

        Assert.Null(json["items"]![0]!["options"]);
        Assert.Equal(3, json["items"]![8]!["options"]!.AsArray().Count);
    }

    [Fact]
    public void The_contract_reads_back_what_it_wrote()
    {
        var json = ContractJson.Of(WeeklyCheckIn.Create());

        var read = JsonSerializer.Deserialize<QuestionnaireDefinition>(json, ContractJson.Options)!;

        Assert.Equal(json, ContractJson.Of(read));
    }

    [Fact]
    public void A_colour_written_as_a_number_is_refused()
    {
        var json = ContractJson.Of(WeeklyCheckIn.Create()).Replace("\"red\"", "7", StringComparison.Ordinal);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<QuestionnaireDefinition>(json, ContractJson.Options));
    }
}
