using System.Text.Json;
using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Tests.Shared.Questionnaires;

/// <summary>The release contract's JSON form; comparing it is how tests check deep equality of definitions.</summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Of(QuestionnaireDefinition definition) => JsonSerializer.Serialize(definition, Options);
}
