using System.Text.Json;
using System.Text.Json.Nodes;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// Walks a FHIR Questionnaire JSON tree, collecting every error with its path instead of stopping at the first, so a
/// file can be fixed in one go. One instance per import.
/// </summary>
internal sealed class FhirQuestionnaireReader
{
    private string _source = "nb";

    public List<FhirImportError> Errors { get; } = [];

    public QuestionnaireDefinition? Read(JsonNode? root)
    {
        if (root is not JsonObject resource)
        {
            Error("$", "Expected a JSON object (a FHIR resource).");
            return null;
        }
        var resourceType = String(resource, "resourceType", "$");
        if (resourceType != "Questionnaire")
        {
            Error("$.resourceType", $"Expected \"Questionnaire\", found {Describe(resource["resourceType"])}.");
            return null;
        }
        _source = String(resource, "language", "$") ?? _source;
        var id = String(resource, "id", "$");
        if (id is null && resource["id"] is null)
        {
            Error("$.id", "The Questionnaire has no id.");
        }

        var when = new List<QuestionnaireSchedule>();
        var showResult = false;
        var scale = new List<AnswerOption>();
        var bands = new List<SeverityBand>();
        var alerts = new List<AlertRule>();
        foreach (var (extension, url, path) in Extensions(resource, "$"))
        {
            switch (url)
            {
                case FhirUrls.Schedule:
                    var code = String(extension, "valueCode", path, required: true);
                    if (QuestionnaireCodes.TryParseSchedule(code, out var schedule))
                    {
                        when.Add(schedule);
                    }
                    else if (code is not null)
                    {
                        Error($"{path}.valueCode", $"Expected module-start, weekly or program-end, found \"{code}\".");
                    }
                    break;
                case FhirUrls.ShowResultToPatient:
                    showResult = Boolean(extension, "valueBoolean", path) ?? false;
                    break;
                case FhirUrls.ScaleOption:
                    scale.Add(new AnswerOption
                    {
                        Value = PartInteger(extension, "value", path) ?? 0,
                        Text = PartText(extension, "text", path),
                    });
                    break;
                case FhirUrls.Band:
                    bands.Add(new SeverityBand
                    {
                        From = PartInteger(extension, "from", path) ?? 0,
                        To = PartInteger(extension, "to", path) ?? 0,
                        Color = PartColor(extension, path),
                        Label = PartText(extension, "label", path),
                    });
                    break;
                case FhirUrls.Alert:
                    alerts.Add(new AlertRule
                    {
                        Item = PartString(extension, "item", "valueString", path) ?? "",
                        AtLeast = PartInteger(extension, "atLeast", path) ?? 0,
                        Color = PartColor(extension, path),
                        Reason = PartText(extension, "reason", path),
                    });
                    break;
                default:
                    break;
            }
        }

        var (items, subscales) = ReadItems(resource);
        return new QuestionnaireDefinition
        {
            Id = id ?? "",
            Title = Text(resource, "title", "$"),
            Intro = Text(resource, "description", "$"),
            When = when,
            ShowResultToPatient = showResult,
            Scale = scale,
            Items = items,
            Subscales = subscales,
            Bands = bands,
            Alerts = alerts,
        };
    }

    private (List<QuestionnaireItem> Items, List<Subscale> Subscales) ReadItems(JsonObject resource)
    {
        var subscales = new List<Subscale>();
        var questions = new List<(QuestionnaireItem Item, int? Position)>();
        foreach (var (node, path) in Objects(resource, "item", "$"))
        {
            var type = String(node, "type", path);
            if (type == "group")
            {
                var id = String(node, "linkId", path, required: true);
                subscales.Add(new Subscale { Id = id ?? "", Title = Text(node, "text", path) });
                foreach (var (child, childPath) in Objects(node, "item", path))
                {
                    if (String(child, "type", childPath) == "group")
                    {
                        Error($"{childPath}.type", "Groups inside groups are not supported: a sub-scale holds questions only.");
                        continue;
                    }
                    questions.Add(Question(child, childPath, id));
                }
            }
            else
            {
                questions.Add(Question(node, path, null));
            }
        }

        // Positions are only written when grouping reordered the items; OrderBy is stable for the rest.
        var items = questions.OrderBy(q => q.Position ?? int.MaxValue).Select(q => q.Item).ToList();
        return (items, subscales);
    }

    private (QuestionnaireItem Item, int? Position) Question(JsonObject node, string path, string? subscale)
    {
        var type = String(node, "type", path);
        if (type != "choice")
        {
            Error($"{path}.type", $"Only \"choice\" questions (and \"group\" sections) are supported, found {Describe(node["type"])}.");
        }
        var id = String(node, "linkId", path, required: true);

        var usesScale = false;
        int? position = null;
        foreach (var (extension, url, extensionPath) in Extensions(node, path))
        {
            if (url == FhirUrls.UsesScale)
            {
                usesScale = Boolean(extension, "valueBoolean", extensionPath) ?? false;
            }
            else if (url == FhirUrls.ItemPosition)
            {
                position = Integer(extension, "valueInteger", extensionPath);
            }
        }

        var options = new List<AnswerOption>();
        foreach (var (option, optionPath) in Objects(node, "answerOption", path))
        {
            if (AnswerOption(option, optionPath) is { } answer)
            {
                options.Add(answer);
            }
        }

        var item = new QuestionnaireItem
        {
            Id = id ?? "",
            Text = Text(node, "text", path),
            Subscale = subscale,
            // A copy of the shared scale is dropped so the item keeps following the scale, as it did before export.
            Options = usesScale ? null : options,
        };
        return (item, position);
    }

    private AnswerOption? AnswerOption(JsonObject option, string path)
    {
        if (option["valueCoding"] is not JsonObject coding)
        {
            Error($"{path}.valueCoding", "The answer option has no valueCoding.");
            return null;
        }
        // R4 allows the ordinal on the answerOption or on its Coding; files from other tools use either.
        var ordinal = Extensions(option, path).Concat(Extensions(coding, $"{path}.valueCoding"))
            .FirstOrDefault(e => e.Url == FhirUrls.OrdinalValue);
        if (ordinal.Node is null)
        {
            Error(path, $"The answer option has no ordinalValue extension ({FhirUrls.OrdinalValue}), so it has no score.");
            return null;
        }
        if (ordinal.Node["valueDecimal"] is not JsonValue number || !number.TryGetValue<decimal>(out var value))
        {
            Error($"{ordinal.Path}.valueDecimal", "The ordinal value must be a number.");
            return null;
        }
        if (value != decimal.Truncate(value) || value < int.MinValue || value > int.MaxValue)
        {
            Error($"{ordinal.Path}.valueDecimal", $"The ordinal value {value} must be a whole number: scores and bands are whole numbers.");
            return null;
        }
        return new AnswerOption { Value = (int)value, Text = Text(coding, "display", $"{path}.valueCoding") };
    }

    /// <summary>The source-language text from <paramref name="name"/> plus translations from <c>_name</c>.</summary>
    private LocalizedText Text(JsonObject? node, string name, string path)
    {
        var text = new LocalizedText();
        if (node is null)
        {
            return text;
        }
        if (String(node, name, path) is { } sourceText)
        {
            text[_source] = sourceText;
        }
        var twin = node["_" + name];
        if (twin is null)
        {
            return text;
        }
        if (twin is not JsonObject twinObject)
        {
            Error($"{path}._{name}", "Expected an object with translation extensions.");
            return text;
        }
        foreach (var (translation, url, translationPath) in Extensions(twinObject, $"{path}._{name}"))
        {
            if (url != FhirUrls.Translation)
            {
                continue;
            }
            var language = PartString(translation, "lang", "valueCode", translationPath);
            var content = PartString(translation, "content", "valueString", translationPath);
            if (language is not null && content is not null)
            {
                text[language] = content;
            }
        }
        return text;
    }

    /// <summary>The sub-extension <paramref name="url"/> of a complex extension; an error when it is missing.</summary>
    private (JsonObject? Node, string Path) Part(JsonObject extension, string url, string path)
    {
        var part = Extensions(extension, path).FirstOrDefault(e => e.Url == url);
        if (part.Node is null)
        {
            Error($"{path}.extension", $"The extension has no '{url}' part.");
            return (null, path);
        }
        return (part.Node, part.Path);
    }

    private int? PartInteger(JsonObject extension, string url, string path)
    {
        var (node, partPath) = Part(extension, url, path);
        return Integer(node, "valueInteger", partPath, required: true);
    }

    private string? PartString(JsonObject extension, string url, string valueName, string path)
    {
        var (node, partPath) = Part(extension, url, path);
        return String(node, valueName, partPath, required: true);
    }

    private LocalizedText PartText(JsonObject extension, string url, string path)
    {
        var (node, partPath) = Part(extension, url, path);
        return Text(node, "valueString", partPath);
    }

    private SeverityColor PartColor(JsonObject extension, string path)
    {
        var (node, partPath) = Part(extension, "color", path);
        var code = String(node, "valueCode", partPath, required: true);
        if (QuestionnaireCodes.TryParseColor(code, out var color))
        {
            return color;
        }
        if (code is not null)
        {
            Error($"{partPath}.valueCode", $"Expected green, yellow or red, found \"{code}\".");
        }
        return default;
    }

    private IEnumerable<(JsonObject Node, string Url, string Path)> Extensions(JsonObject node, string path)
    {
        foreach (var (extension, extensionPath) in Objects(node, "extension", path))
        {
            if (String(extension, "url", extensionPath) is { } url)
            {
                yield return (extension, url, extensionPath);
            }
            else
            {
                Error($"{extensionPath}.url", "The extension has no url.");
            }
        }
    }

    private IEnumerable<(JsonObject Node, string Path)> Objects(JsonObject node, string name, string path)
    {
        var value = node[name];
        if (value is null)
        {
            yield break;
        }
        if (value is not JsonArray array)
        {
            Error($"{path}.{name}", "Expected an array.");
            yield break;
        }
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject element)
            {
                yield return (element, $"{path}.{name}[{i}]");
            }
            else
            {
                Error($"{path}.{name}[{i}]", "Expected an object.");
            }
        }
    }

    private string? String(JsonObject? node, string name, string path, bool required = false) =>
        Primitive(node, name, path, required, "a string",
            v => v.GetValueKind() == JsonValueKind.String && v.TryGetValue<string>(out var s) ? s : null);

    private int? Integer(JsonObject? node, string name, string path, bool required = false) =>
        Primitive(node, name, path, required, "a whole number",
            v => v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) ? i : (int?)null);

    private bool? Boolean(JsonObject? node, string name, string path) =>
        Primitive(node, name, path, required: false, "true or false", v => v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => (bool?)null,
        });

    /// <summary>
    /// Reads one primitive property. A null <paramref name="node"/> means its parent was already reported missing,
    /// so only a present property of the wrong kind, or an absent required one, adds an error.
    /// </summary>
    private T? Primitive<T>(JsonObject? node, string name, string path, bool required, string expected, Func<JsonValue, T?> read)
    {
        if (node is null)
        {
            return default;
        }
        var value = node[name];
        if (value is null)
        {
            if (required)
            {
                Error($"{path}.{name}", $"Expected {expected}, found nothing.");
            }
            return default;
        }
        if (value is JsonValue primitive && read(primitive) is { } result)
        {
            return result;
        }
        Error($"{path}.{name}", $"Expected {expected}, found {Describe(value)}.");
        return default;
    }

    private static string Describe(JsonNode? node) => node is null ? "nothing" : node.ToJsonString();

    // Sub-extensions are looked up once per part, so the same malformed node can be met more than once.
    private void Error(string path, string message)
    {
        var error = new FhirImportError(path, message);
        if (!Errors.Contains(error))
        {
            Errors.Add(error);
        }
    }
}
