using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace ContentPlatform.Contract.Questionnaires;

/// <summary>The Firely SDK's System.Text.Json settings for FHIR R4, made once (building them inspects the whole model).</summary>
public static class FhirJson
{
    /// <summary>Indented, with Norwegian letters written as themselves; HTML-sensitive characters are still escaped.</summary>
    public static readonly JsonSerializerOptions Options = new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    }.ForFhir(ModelInfo.ModelInspector).Pretty();

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, resource.GetType(), Options);
}
