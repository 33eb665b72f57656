using System.Globalization;
using ContentPlatform.Contract.Releases;
using R4 = Hl7.Fhir.Model;

namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// Reads a Questionnaire that Firely's parser and validator accepted into a definition, collecting every problem the
/// platform has with it (with its FHIRPath location) instead of stopping at the first, so a file can be fixed in one go.
/// One instance per import.
/// </summary>
internal sealed class FhirQuestionnaireReader
{
    private string _source = "nb";

    public List<FhirImportError> Errors { get; } = [];

    public QuestionnaireDefinition Read(R4.Questionnaire resource)
    {
        const string root = "Questionnaire";
        _source = resource.Language ?? _source;
        if (string.IsNullOrEmpty(resource.Id))
        {
            Error($"{root}.id", "The Questionnaire has no id.", FhirImportCodes.NoId);
        }

        var when = new List<QuestionnaireSchedule>();
        var showResult = false;
        string? kind = null;
        var scale = new List<AnswerOption>();
        var bands = new List<SeverityBand>();
        var alerts = new List<AlertRule>();
        for (var i = 0; i < resource.Extension.Count; i++)
        {
            var extension = resource.Extension[i];
            var path = $"{root}.extension[{i}]";
            switch (extension.Url)
            {
                case FhirUrls.Schedule:
                    var code = Value<R4.Code>(extension, path)?.Value;
                    if (QuestionnaireCodes.TryParseSchedule(code, out var schedule))
                    {
                        when.Add(schedule);
                    }
                    else if (code is not null)
                    {
                        Error($"{path}.value", $"Expected module-start, weekly or program-end, found \"{code}\".", FhirImportCodes.Extension);
                    }
                    break;
                case FhirUrls.ShowResultToPatient:
                    showResult = Value<R4.FhirBoolean>(extension, path)?.Value ?? false;
                    break;
                case FhirUrls.Kind:
                    kind = Value<R4.Code>(extension, path)?.Value;
                    break;
                case FhirUrls.ScaleOption:
                    scale.Add(new AnswerOption
                    {
                        Value = PartInteger(extension, "value", path), Text = PartText(extension, "text", path),
                        SafetyMessage = OptionalText(Sub(extension, "safetyMessage")),
                    });
                    break;
                case FhirUrls.Band:
                    bands.Add(new SeverityBand
                    {
                        From = PartInteger(extension, "from", path),
                        To = PartInteger(extension, "to", path),
                        Color = PartColor(extension, path),
                        Label = PartText(extension, "label", path),
                        SafetyMessage = OptionalText(Sub(extension, "safetyMessage")),
                    });
                    break;
                case FhirUrls.Alert:
                    alerts.Add(new AlertRule
                    {
                        Item = Part<R4.FhirString>(extension, "item", path)?.Value ?? "",
                        AtLeast = PartInteger(extension, "atLeast", path),
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
            Id = resource.Id ?? "",
            Title = Text(resource.TitleElement),
            Intro = Text(resource.DescriptionElement),
            When = when,
            ShowResultToPatient = showResult,
            Kind = kind,
            Scale = scale,
            Items = items,
            Subscales = subscales,
            Bands = bands,
            Alerts = alerts,
        };
    }

    private (List<QuestionnaireItem> Items, List<Subscale> Subscales) ReadItems(R4.Questionnaire resource)
    {
        var subscales = new List<Subscale>();
        var questions = new List<(QuestionnaireItem Item, int? Position)>();
        for (var i = 0; i < resource.Item.Count; i++)
        {
            var node = resource.Item[i];
            var path = $"Questionnaire.item[{i}]";
            if (node.Type == R4.Questionnaire.QuestionnaireItemType.Group)
            {
                subscales.Add(new Subscale { Id = node.LinkId ?? "", Title = Text(node.TextElement) });
                for (var j = 0; j < node.Item.Count; j++)
                {
                    var child = node.Item[j];
                    var childPath = $"{path}.item[{j}]";
                    if (child.Type == R4.Questionnaire.QuestionnaireItemType.Group)
                    {
                        Error($"{childPath}.type", "Groups inside groups are not supported: a sub-scale holds questions only.");
                        continue;
                    }
                    questions.Add(Question(child, childPath, node.LinkId));
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

    private (QuestionnaireItem Item, int? Position) Question(R4.Questionnaire.ItemComponent node, string path, string? subscale)
    {
        if (node.Type != R4.Questionnaire.QuestionnaireItemType.Choice)
        {
            Error($"{path}.type", $"Only \"choice\" questions (and \"group\" sections) are supported, found \"{node.TypeElement?.JsonValue}\".");
        }
        var usesScale = false;
        int? position = null;
        for (var i = 0; i < node.Extension.Count; i++)
        {
            var extension = node.Extension[i];
            if (extension.Url == FhirUrls.UsesScale)
            {
                usesScale = Value<R4.FhirBoolean>(extension, $"{path}.extension[{i}]")?.Value ?? false;
            }
            else if (extension.Url == FhirUrls.ItemPosition)
            {
                position = Value<R4.Integer>(extension, $"{path}.extension[{i}]")?.Value;
            }
        }

        var options = new List<AnswerOption>();
        for (var i = 0; i < node.AnswerOption.Count; i++)
        {
            if (Option(node.AnswerOption[i], $"{path}.answerOption[{i}]") is { } answer)
            {
                options.Add(answer);
            }
        }
        var item = new QuestionnaireItem
        {
            Id = node.LinkId ?? "",
            Text = Text(node.TextElement),
            Subscale = subscale,
            // A copy of the shared scale is dropped so the item keeps following the scale, as it did before export.
            Options = usesScale ? null : options,
        };
        return (item, position);
    }

    private AnswerOption? Option(R4.Questionnaire.AnswerOptionComponent option, string path)
    {
        if (option.Value is not R4.Coding coding)
        {
            Error($"{path}.value", "The answer option is not a Coding: only coded options carry a score.");
            return null;
        }
        // R4 allows the ordinal on the answerOption or on its Coding; files from other tools use either.
        var onOption = option.Extension.FindIndex(e => e.Url == FhirUrls.OrdinalValue);
        var onCoding = coding.Extension.FindIndex(e => e.Url == FhirUrls.OrdinalValue);
        var (ordinal, ordinalPath) = onOption >= 0 ? (option.Extension[onOption], $"{path}.extension[{onOption}]")
            : onCoding >= 0 ? (coding.Extension[onCoding], $"{path}.value.extension[{onCoding}]")
            : (null, path);
        if (ordinal is null)
        {
            Error(path, $"The answer option has no ordinalValue extension ({FhirUrls.OrdinalValue}), so it has no score.");
            return null;
        }
        if (ordinal.Value is not R4.FhirDecimal { Value: { } value })
        {
            Error($"{ordinalPath}.value", "The ordinal value must be a decimal number.");
            return null;
        }
        if (value != decimal.Truncate(value) || value < int.MinValue || value > int.MaxValue)
        {
            Error($"{ordinalPath}.value", $"The ordinal value {value.ToString(CultureInfo.InvariantCulture)} must be a whole number: scores and bands are whole numbers.");
            return null;
        }
        return new AnswerOption
        {
            Value = (int)value, Text = Text(coding.DisplayElement),
            SafetyMessage = OptionalText(option.Extension.Find(e => e.Url == FhirUrls.SafetyMessage)?.Value),
        };
    }

    /// <summary>The source-language value of a string element plus its translation extensions.</summary>
    private LocalizedText Text(R4.PrimitiveType? element)
    {
        var text = new LocalizedText();
        if (element is null)
        {
            return text;
        }
        if (element.JsonValue is string sourceText)
        {
            text[_source] = sourceText;
        }
        foreach (var translation in element.Extension.Where(e => e.Url == FhirUrls.Translation))
        {
            var language = Sub(translation, "lang") as R4.Code;
            var content = Sub(translation, "content") as R4.FhirString;
            if (language?.Value is { } l && content?.Value is { } c)
            {
                text[l] = c;
            }
        }
        return text;
    }

    private static R4.DataType? Sub(R4.Extension extension, string url) => extension.Extension.Find(e => e.Url == url)?.Value;

    private T? Value<T>(R4.Extension extension, string path) where T : R4.DataType
    {
        if (extension.Value is T value)
        {
            return value;
        }
        Error($"{path}.value", $"Expected a value of type {typeof(T).Name} in {extension.Url}.", FhirImportCodes.Extension);
        return null;
    }

    /// <summary>The value of the sub-extension <paramref name="url"/> of a complex extension; an error when it is missing.</summary>
    private T? Part<T>(R4.Extension extension, string url, string path) where T : R4.DataType
    {
        var index = extension.Extension.FindIndex(e => e.Url == url);
        if (index < 0)
        {
            Error($"{path}.extension", $"The extension has no '{url}' part.", FhirImportCodes.Extension);
            return null;
        }
        return Value<T>(extension.Extension[index], $"{path}.extension[{index}]");
    }

    private int PartInteger(R4.Extension extension, string url, string path) =>
        Part<R4.Integer>(extension, url, path)?.Value ?? 0;

    /// <summary>An optional text (a safety message): null when absent, so a definition without one reads back as it was.</summary>
    private LocalizedText? OptionalText(R4.DataType? value) => value is R4.PrimitiveType element && Text(element) is { Count: > 0 } text ? text : null;

    /// <summary>A missing text part is an empty text: the export leaves empty texts out (FHIR has no empty strings).</summary>
    private LocalizedText PartText(R4.Extension extension, string url, string path) =>
        Text(Sub(extension, url) as R4.PrimitiveType);

    private SeverityColor PartColor(R4.Extension extension, string path)
    {
        var code = Part<R4.Code>(extension, "color", path)?.Value;
        if (QuestionnaireCodes.TryParseColor(code, out var color))
        {
            return color;
        }
        if (code is not null)
        {
            var index = extension.Extension.FindIndex(e => e.Url == "color");
            Error($"{path}.extension[{index}].value", $"Expected green, yellow or red, found \"{code}\".", FhirImportCodes.Extension);
        }
        return default;
    }

    private void Error(string path, string message, string code = FhirImportCodes.Unsupported)
    {
        var error = new FhirImportError(path, message, code);
        if (!Errors.Contains(error))
        {
            Errors.Add(error);
        }
    }
}
