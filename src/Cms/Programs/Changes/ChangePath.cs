using ContentPlatform.Contract.Releases;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Programs.Changes;

/// <summary>
/// Writes a change's place for a reader in their language: "Første modul › Om pust › Blokk 2: Øving › Spørsmål ›
/// nynorsk" — titles instead of ids, block type and number instead of block ids, field and language names from the
/// resources. A title missing in the reader's language falls back to the other; an id is shown only when there is no title.
/// </summary>
public static class ChangePath
{
    public static string Describe(ChangePlace place, IStringLocalizer s, string language)
    {
        var parts = new List<string>();
        string Title(LocalizedText text) => text.Resolve(language, ["nb", "nn"]) is { Length: > 0 } t ? t : s["Untitled"];
        if (place.Module is { } module)
        {
            parts.Add(Title(module));
        }
        if (place.Page is { } page)
        {
            parts.Add(Title(page));
        }
        if (place.BlockType is { } type)
        {
            parts.Add(s["BlockLabel", place.BlockNumber ?? 0, s["BlockType_" + type].Value]);
        }
        if (place.Questionnaire is { } questionnaire)
        {
            parts.Add(s["QuestionnaireLabel", Title(questionnaire)]);
        }
        if (parts.Count == 0)
        {
            parts.Add(s["ProgramLabel"]);
        }
        if (place.Field is { } field)
        {
            parts.AddRange(FieldParts(field, s));
        }
        if (place.Language is { } l)
        {
            parts.Add(s["Lang_" + l] is { ResourceNotFound: false } name ? name.Value : l);
        }
        return string.Join(" › ", parts);
    }

    /// <summary>The place of a location in one version of a program (titles of its module, page, block or questionnaire).</summary>
    public static ChangePlace Place(ProgramContent program, ContentLocation location) =>
        Outline.Of(program).PlaceOf(location) with { Field = location.Field, Language = location.Language };

    /// <summary>"options[b].correct" → "Svaralternativ", "b", "Riktig": known field names translated, ids as they are.</summary>
    private static IEnumerable<string> FieldParts(string field, IStringLocalizer s) =>
        field.Split(['.', '[', ']'], StringSplitOptions.RemoveEmptyEntries)
            .Select(part => s["Field_" + part] is { ResourceNotFound: false } name ? name.Value : part);
}
