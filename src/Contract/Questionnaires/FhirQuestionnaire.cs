using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// HL7 FHIR R4 <c>Questionnaire</c> JSON for a definition, written with System.Text.Json because the Hl7.Fhir packages
/// are not installable here. Sub-scales become <c>group</c> items holding their questions (Helsenorge's sections), option
/// values travel as <c>ordinalValue</c>, other languages as <c>translation</c> extensions, and everything FHIR has no
/// element for in our own extensions (<see cref="FhirUrls"/>), so <c>Import(Export(q))</c> equals <c>q</c> for any
/// definition the validator accepts.
/// </summary>
public static partial class FhirQuestionnaire
{
    // Norwegian letters written as themselves so the file stays readable; HTML-sensitive characters are still escaped.
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <param name="sourceLanguage">Written as the plain FHIR texts and as the resource's <c>language</c>;
    /// every other language goes into translation extensions.</param>
    public static string Export(QuestionnaireDefinition definition, string sourceLanguage = "nb") =>
        ToFhir(definition, sourceLanguage).ToJsonString(Indented);

    public static JsonObject ToFhir(QuestionnaireDefinition definition, string sourceLanguage = "nb")
    {
        var resource = new JsonObject
        {
            ["resourceType"] = "Questionnaire",
            ["id"] = definition.Id,
            ["language"] = sourceLanguage,
        };
        var extensions = QuestionnaireExtensions(definition, sourceLanguage);
        if (extensions.Count > 0)
        {
            resource["extension"] = extensions;
        }
        resource["status"] = "active";
        WriteText(resource, "title", definition.Title, sourceLanguage);
        WriteText(resource, "description", definition.Intro, sourceLanguage);
        resource["item"] = Items(definition, sourceLanguage);
        return resource;
    }

    private static JsonArray QuestionnaireExtensions(QuestionnaireDefinition definition, string source)
    {
        var extensions = new JsonArray();
        foreach (var when in definition.When)
        {
            extensions.Add(new JsonObject { ["url"] = FhirUrls.Schedule, ["valueCode"] = QuestionnaireCodes.Of(when) });
        }
        extensions.Add(new JsonObject { ["url"] = FhirUrls.ShowResultToPatient, ["valueBoolean"] = definition.ShowResultToPatient });
        foreach (var option in definition.Scale)
        {
            extensions.Add(Complex(FhirUrls.ScaleOption,
                Sub("value", "valueInteger", option.Value),
                SubText("text", option.Text, source)));
        }
        foreach (var band in definition.Bands)
        {
            extensions.Add(Complex(FhirUrls.Band,
                Sub("from", "valueInteger", band.From),
                Sub("to", "valueInteger", band.To),
                Sub("color", "valueCode", QuestionnaireCodes.Of(band.Color)),
                SubText("label", band.Label, source)));
        }
        foreach (var alert in definition.Alerts)
        {
            extensions.Add(Complex(FhirUrls.Alert,
                Sub("item", "valueString", alert.Item),
                Sub("atLeast", "valueInteger", alert.AtLeast),
                Sub("color", "valueCode", QuestionnaireCodes.Of(alert.Color)),
                SubText("reason", alert.Reason, source)));
        }
        return extensions;
    }

    private static JsonArray Items(QuestionnaireDefinition definition, string source)
    {
        // Each item goes into the group of the first sub-scale with its id; items outside any sub-scale stay at the top.
        var groups = new List<(Subscale Subscale, List<int> Items)>();
        var groupById = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var subscale in definition.Subscales)
        {
            var members = new List<int>();
            groups.Add((subscale, members));
            groupById.TryAdd(subscale.Id, members);
        }
        var ungrouped = new List<int>();
        for (var i = 0; i < definition.Items.Count; i++)
        {
            var subscale = definition.Items[i].Subscale;
            (subscale is not null && groupById.TryGetValue(subscale, out var members) ? members : ungrouped).Add(i);
        }

        var documentOrder = groups.SelectMany(g => g.Items).Concat(ungrouped).ToList();
        var needsPositions = !documentOrder.SequenceEqual(Enumerable.Range(0, definition.Items.Count));
        JsonObject Question(int index) => QuestionItem(definition, index, needsPositions, source);

        var items = new JsonArray();
        foreach (var (subscale, members) in groups)
        {
            var group = new JsonObject { ["linkId"] = subscale.Id };
            WriteText(group, "text", subscale.Title, source);
            group["type"] = "group";
            if (members.Count > 0)
            {
                group["item"] = new JsonArray([.. members.Select(Question)]);
            }
            items.Add(group);
        }
        foreach (var index in ungrouped)
        {
            items.Add(Question(index));
        }
        return items;
    }

    private static JsonObject QuestionItem(QuestionnaireDefinition definition, int index, bool withPosition, string source)
    {
        var item = definition.Items[index];
        var question = new JsonObject();
        var extensions = new JsonArray();
        if (item.Options is null)
        {
            extensions.Add(new JsonObject { ["url"] = FhirUrls.UsesScale, ["valueBoolean"] = true });
        }
        if (withPosition)
        {
            extensions.Add(new JsonObject { ["url"] = FhirUrls.ItemPosition, ["valueInteger"] = index });
        }
        if (extensions.Count > 0)
        {
            question["extension"] = extensions;
        }
        question["linkId"] = item.Id;
        WriteText(question, "text", item.Text, source);
        question["type"] = "choice";

        // Options are written out even when they come from the shared scale, so any FHIR form renderer can show them.
        var options = new JsonArray();
        foreach (var option in definition.OptionsFor(item))
        {
            var coding = new JsonObject { ["code"] = option.Value.ToString(CultureInfo.InvariantCulture) };
            WriteText(coding, "display", option.Text, source);
            options.Add(new JsonObject
            {
                ["extension"] = new JsonArray(new JsonObject { ["url"] = FhirUrls.OrdinalValue, ["valueDecimal"] = (decimal)option.Value }),
                ["valueCoding"] = coding,
            });
        }
        question["answerOption"] = options;
        return question;
    }

    /// <summary>
    /// FHIR's way to put several languages on one string: the source text as the element, every other language as a
    /// translation extension on its <c>_element</c> twin. A text without the source language keeps only the twin.
    /// </summary>
    private static void WriteText(JsonObject target, string name, LocalizedText text, string source)
    {
        if (text.TryGetValue(source, out var sourceText))
        {
            target[name] = sourceText;
        }
        var translations = new JsonArray();
        foreach (var (language, content) in text.Where(t => t.Key != source))
        {
            translations.Add(Complex(FhirUrls.Translation,
                Sub("lang", "valueCode", language),
                Sub("content", "valueString", content)));
        }
        if (translations.Count > 0)
        {
            target["_" + name] = new JsonObject { ["extension"] = translations };
        }
    }

    private static JsonObject Complex(string url, params JsonObject[] parts) =>
        new() { ["url"] = url, ["extension"] = new JsonArray(parts) };

    private static JsonObject Sub(string url, string valueName, JsonNode? value) =>
        new() { ["url"] = url, [valueName] = value };

    private static JsonObject SubText(string url, LocalizedText text, string source)
    {
        var sub = new JsonObject { ["url"] = url };
        WriteText(sub, "valueString", text, source);
        return sub;
    }
}
