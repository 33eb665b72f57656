using System.Globalization;
using ContentPlatform.Contract.Releases;
using R4 = Hl7.Fhir.Model;

namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// HL7 FHIR R4 <c>Questionnaire</c> for a definition, built on the Firely SDK's model. Sub-scales become <c>group</c>
/// items holding their questions (Helsenorge's sections), option values travel as <c>ordinalValue</c>, other languages as
/// <c>translation</c> extensions, and everything FHIR has no element for in our own extensions (<see cref="FhirUrls"/>),
/// so <c>Import(Export(q))</c> equals <c>q</c> for any definition the validator accepts.
/// </summary>
public static partial class FhirQuestionnaire
{
    /// <param name="sourceLanguage">Written as the plain FHIR texts and as the resource's <c>language</c>;
    /// every other language goes into translation extensions.</param>
    /// <param name="canonical">The questionnaire's canonical URL and version, when it belongs to a program (see
    /// <see cref="FhirUrls.QuestionnaireCanonical"/>); QuestionnaireResponses point at it.</param>
    public static string Export(QuestionnaireDefinition definition, string sourceLanguage = "nb", FhirCanonical? canonical = null) =>
        FhirJson.Serialize(ToFhir(definition, sourceLanguage, canonical));

    public static R4.Questionnaire ToFhir(QuestionnaireDefinition definition, string sourceLanguage = "nb", FhirCanonical? canonical = null)
    {
        var resource = new R4.Questionnaire
        {
            Id = definition.Id,
            Language = sourceLanguage,
            Url = canonical?.Url,
            Version = canonical?.Version,
            Status = R4.PublicationStatus.Active,
            TitleElement = Text(definition.Title, sourceLanguage, s => new R4.FhirString(s)),
            DescriptionElement = Text(definition.Intro, sourceLanguage, s => new R4.Markdown(s)),
            Extension = QuestionnaireExtensions(definition, sourceLanguage),
            Item = Items(definition, sourceLanguage),
        };
        return resource;
    }

    private static List<R4.Extension> QuestionnaireExtensions(QuestionnaireDefinition definition, string source)
    {
        var extensions = new List<R4.Extension>();
        foreach (var when in definition.When)
        {
            extensions.Add(new(FhirUrls.Schedule, new R4.Code(QuestionnaireCodes.Of(when))));
        }
        extensions.Add(new(FhirUrls.ShowResultToPatient, new R4.FhirBoolean(definition.ShowResultToPatient)));
        if (definition.Kind is { } kind)
        {
            extensions.Add(new(FhirUrls.Kind, new R4.Code(kind)));
        }
        foreach (var option in definition.Scale)
        {
            extensions.Add(Complex(FhirUrls.ScaleOption,
                new("value", new R4.Integer(option.Value)),
                SubText("text", option.Text, source),
                SubText("safetyMessage", option.SafetyMessage ?? new LocalizedText(), source)));
        }
        foreach (var band in definition.Bands)
        {
            extensions.Add(Complex(FhirUrls.Band,
                new("from", new R4.Integer(band.From)),
                new("to", new R4.Integer(band.To)),
                new("color", new R4.Code(QuestionnaireCodes.Of(band.Color))),
                SubText("label", band.Label, source),
                SubText("safetyMessage", band.SafetyMessage ?? new LocalizedText(), source)));
        }
        foreach (var alert in definition.Alerts)
        {
            extensions.Add(Complex(FhirUrls.Alert,
                new("item", new R4.FhirString(alert.Item)),
                new("atLeast", new R4.Integer(alert.AtLeast)),
                new("color", new R4.Code(QuestionnaireCodes.Of(alert.Color))),
                SubText("reason", alert.Reason, source)));
        }
        return extensions;
    }

    private static List<R4.Questionnaire.ItemComponent> Items(QuestionnaireDefinition definition, string source)
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
        R4.Questionnaire.ItemComponent Question(int index) => QuestionItem(definition, index, needsPositions, source);

        var items = new List<R4.Questionnaire.ItemComponent>();
        foreach (var (subscale, members) in groups)
        {
            // A sub-scale without questions becomes a group without items, which FHIR's que-1 forbids: the validator
            // refuses such an export on import, as any FHIR tool would.
            items.Add(new R4.Questionnaire.ItemComponent
            {
                LinkId = subscale.Id,
                TextElement = Text(subscale.Title, source, s => new R4.FhirString(s)),
                Type = R4.Questionnaire.QuestionnaireItemType.Group,
                Item = [.. members.Select(Question)],
            });
        }
        items.AddRange(ungrouped.Select(Question));
        return items;
    }

    private static R4.Questionnaire.ItemComponent QuestionItem(QuestionnaireDefinition definition, int index, bool withPosition, string source)
    {
        var item = definition.Items[index];
        var question = new R4.Questionnaire.ItemComponent
        {
            LinkId = item.Id,
            TextElement = Text(item.Text, source, s => new R4.FhirString(s)),
            Type = R4.Questionnaire.QuestionnaireItemType.Choice,
        };
        if (item.Options is null)
        {
            question.Extension.Add(new(FhirUrls.UsesScale, new R4.FhirBoolean(true)));
        }
        if (withPosition)
        {
            question.Extension.Add(new(FhirUrls.ItemPosition, new R4.Integer(index)));
        }

        // Options are written out even when they come from the shared scale, so any FHIR form renderer can show them.
        foreach (var option in definition.OptionsFor(item))
        {
            var answerOption = new R4.Questionnaire.AnswerOptionComponent
            {
                Extension = [new(FhirUrls.OrdinalValue, new R4.FhirDecimal(option.Value))],
                Value = Coding(option, source),
            };
            if (option.SafetyMessage is { } message && Text(message, source, s => new R4.Markdown(s)) is { } markdown)
            {
                answerOption.Extension.Add(new(FhirUrls.SafetyMessage, markdown));
            }
            question.AnswerOption.Add(answerOption);
        }
        return question;
    }

    /// <summary>An option as a Coding: its value as the code, its text (with translations) as the display.</summary>
    internal static R4.Coding Coding(AnswerOption option, string source) => new()
    {
        Code = option.Value.ToString(CultureInfo.InvariantCulture),
        DisplayElement = Text(option.Text, source, s => new R4.FhirString(s)),
    };

    /// <summary>
    /// FHIR's way to put several languages on one string: the source text as the element's value, every other language
    /// as a translation extension on it (the <c>_element</c> twin in JSON). A text without the source language keeps
    /// only the extensions; an empty text is no element at all.
    /// </summary>
    internal static T? Text<T>(LocalizedText text, string source, Func<string?, T> create) where T : R4.PrimitiveType
    {
        if (text.Count == 0)
        {
            return null;
        }
        var element = create(text.TryGetValue(source, out var sourceText) ? sourceText : null);
        foreach (var (language, content) in text.Where(t => t.Key != source))
        {
            element.Extension.Add(Complex(FhirUrls.Translation,
                new("lang", new R4.Code(language)),
                new("content", new R4.FhirString(content))));
        }
        return element;
    }

    private static R4.Extension Complex(string url, params R4.Extension?[] parts) =>
        new() { Url = url, Extension = [.. parts.OfType<R4.Extension>()] };

    /// <summary>An empty text is left out: an extension with neither value nor parts breaks FHIR's ext-1.</summary>
    private static R4.Extension? SubText(string url, LocalizedText text, string source) =>
        Text(text, source, s => new R4.FhirString(s)) is { } value ? new(url, value) : null;
}

/// <summary>A FHIR canonical reference: the URL that names a questionnaire everywhere, and the version (release) of it.</summary>
public sealed record FhirCanonical(string Url, string? Version)
{
    /// <summary><c>url|version</c>, as QuestionnaireResponse.questionnaire writes it.</summary>
    public override string ToString() => Version is null ? Url : $"{Url}|{Version}";
}
