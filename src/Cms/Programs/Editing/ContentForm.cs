using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Text;
using Microsoft.AspNetCore.Http;

namespace ContentPlatform.Cms.Programs.Editing;

public enum FieldKind
{
    /// <summary>One line per language (titles, labels, alt text).</summary>
    Text,

    /// <summary>Several lines per language (prompts, transcripts, feedback).</summary>
    LongText,

    /// <summary>Markdown per language: EasyMDE plus a preview from the Delivery pipeline.</summary>
    Markdown,
    Line,
    Number,
    Flag,
    Choice,
    Choices,

    /// <summary>One value per language that is not a text (caption files per language).</summary>
    PerLanguage,
    List,

    /// <summary>Not editable in forms (kept as it is).</summary>
    Kept,
}

/// <summary>One editable property of a content type, described from the C# type so every block type gets a form.</summary>
public sealed record FormField(string Name, FieldKind Kind, bool Optional, Type? ValueType = null, IReadOnlyList<FormField>? Element = null)
{
    /// <summary>A field of media library keys (<see cref="MediaFieldAttribute"/>): the editor offers the media picker.</summary>
    public MediaFieldAttribute? Media { get; init; }

    /// <summary>Resource key of the label: "Field_title", "Field_markdown" …</summary>
    public string LabelKey => "Field_" + Name;

    /// <summary>The allowed values of a text field that is a choice (a questionnaire's kind); the first is what "unset" means.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>Enum (or <see cref="Values"/>) choices as (JSON value, resource key).</summary>
    public IEnumerable<(string Value, string LabelKey)> Options() =>
        Values is not null ? Values.Select(v => (v, "Enum_" + v))
        : ValueType is null ? [] : Enum.GetValues(ValueType).Cast<object>().Select(v => (ContentForm.EnumJson(v), "Enum_" + ContentForm.EnumJson(v)));

    /// <summary>The one text of a list element whose translation key is "{list}.{id}" (an exercise field's label).</summary>
    public bool IsSoleText => Element is null && Kind is FieldKind.Text or FieldKind.LongText or FieldKind.Markdown;
}

public sealed record FormError(string Field, string Message);

/// <summary>
/// Forms generic over the content types: <see cref="Describe"/> lists a type's fields, <see cref="Read"/> turns posted
/// values back into the contract's JSON, starting from the stored JSON so properties the form cannot edit are kept.
/// Field names are "prefix.name.lang", "prefix.list[2].name.lang".
/// </summary>
public static class ContentForm
{
    private static readonly HashSet<string> LongTexts = ["Prompt", "Transcript", "Intro", "Summary", "Feedback", "SafetyMessage"];

    /// <summary>Text properties the contract limits to a few values: edited with a list to pick from, never typed.</summary>
    private static readonly Dictionary<(Type, string), IReadOnlyList<string>> TextChoices = new()
    {
        [(typeof(Contract.Questionnaires.QuestionnaireDefinition), nameof(Contract.Questionnaires.QuestionnaireDefinition.Kind))] =
            Contract.Questionnaires.QuestionnaireKinds.All,
    };

    /// <param name="withId">True for list elements: their id is a field, and lists inside them are one level deeper.</param>
    /// <param name="depth">How deep in lists this type sits; lists two levels down are kept as they are.</param>
    public static IReadOnlyList<FormField> Describe(Type type, bool withId = false, int depth = 0)
    {
        var fields = new List<FormField>();
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.SetMethod is not null && p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
                     .OrderBy(p => p.Name == "Id" ? 0 : 1))
        {
            if (p.Name == "Id" && !withId)
            {
                continue;
            }
            var optional = new NullabilityInfoContext().Create(p).WriteState == NullabilityState.Nullable;
            var name = JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            var t = p.PropertyType;
            FormField field;
            if (t == typeof(LocalizedText))
            {
                field = new(name, p.Name == "Markdown" ? FieldKind.Markdown : LongTexts.Contains(p.Name) ? FieldKind.LongText : FieldKind.Text, optional);
            }
            else if (t == typeof(string) && TextChoices.TryGetValue((type, p.Name), out var values))
            {
                field = new(name, FieldKind.Choice, optional) { Values = values };
            }
            else if (t == typeof(string))
            {
                field = new(name, FieldKind.Line, optional);
            }
            else if (t == typeof(int) || t == typeof(int?))
            {
                field = new(name, FieldKind.Number, optional || t == typeof(int?));
            }
            else if (t == typeof(bool))
            {
                field = new(name, FieldKind.Flag, false);
            }
            else if (t.IsEnum)
            {
                field = new(name, FieldKind.Choice, false, t);
            }
            else if (t == typeof(SortedDictionary<string, string>))
            {
                field = new(name, FieldKind.PerLanguage, optional);
            }
            else if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                var e = t.GetGenericArguments()[0];
                // A list inside a list element (a questionnaire item's own answer options) is editable too; deeper is kept.
                field = e.IsEnum ? new(name, FieldKind.Choices, optional, e)
                    : e.IsClass && e != typeof(string) && depth < 2 ? new(name, FieldKind.List, optional, e, Describe(e, withId: true, depth + 1))
                    : new(name, FieldKind.Kept, optional, e.IsClass && e != typeof(string) ? e : null);
            }
            else
            {
                field = new(name, FieldKind.Kept, optional);
            }
            fields.Add(field with { Media = p.GetCustomAttribute<MediaFieldAttribute>() });
        }
        return fields;
    }

    public static string EnumJson(object value) => JsonSerializer.Serialize(value, value.GetType(), ContractJson.Options).Trim('"');

    /// <summary>Reads the posted fields under <paramref name="prefix"/> over a copy of <paramref name="existing"/>.</summary>
    public static JsonObject Read(IReadOnlyList<FormField> fields, IFormCollection form, string prefix, JsonObject? existing,
        IReadOnlyList<string> languages, List<FormError> errors)
    {
        var result = existing?.DeepClone() as JsonObject ?? new JsonObject();
        foreach (var f in fields)
        {
            var key = $"{prefix}.{f.Name}";
            switch (f.Kind)
            {
                case FieldKind.Text or FieldKind.LongText or FieldKind.Markdown:
                    var text = new JsonObject();
                    foreach (var lang in languages)
                    {
                        var value = Normalise(form[$"{key}.{lang}"].ToString(), f.Kind);
                        if (value.Length > 0)
                        {
                            text[lang] = value;
                        }
                    }
                    if (f.Optional && text.Count == 0)
                    {
                        result.Remove(f.Name);
                    }
                    else
                    {
                        result[f.Name] = text;
                    }
                    break;
                case FieldKind.Line:
                    var line = form[key].ToString().Trim();
                    if (f.Optional && line.Length == 0)
                    {
                        result.Remove(f.Name);
                    }
                    else
                    {
                        result[f.Name] = line;
                    }
                    break;
                case FieldKind.Number:
                    var raw = form[key].ToString().Trim();
                    if (raw.Length == 0 && f.Optional)
                    {
                        result.Remove(f.Name);
                    }
                    else if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                    {
                        result[f.Name] = number;
                    }
                    else
                    {
                        errors.Add(new(key, "number"));
                    }
                    break;
                case FieldKind.Flag:
                    result[f.Name] = form[key].Any(v => v == "true");
                    break;
                case FieldKind.Choice when f.Values is not null && f.Optional:
                    // Unset means the first value; a save without edits keeps it unset (and the release its hash).
                    var picked = form[key].ToString();
                    if (picked.Length == 0 || (picked == f.Values[0] && existing?[f.Name] is null))
                    {
                        result.Remove(f.Name);
                    }
                    else if (f.Values.Contains(picked))
                    {
                        result[f.Name] = picked;
                    }
                    else
                    {
                        errors.Add(new(key, "choice"));
                    }
                    break;
                case FieldKind.Choice:
                    var choice = form[key].ToString();
                    if (f.Options().Any(o => o.Value == choice))
                    {
                        result[f.Name] = choice;
                    }
                    else
                    {
                        errors.Add(new(key, "choice"));
                    }
                    break;
                case FieldKind.Choices:
                    var allowed = f.Options().Select(o => o.Value).ToHashSet();
                    result[f.Name] = new JsonArray(form[key].Where(v => v is not null && allowed.Contains(v)).Distinct()
                        .Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
                    break;
                case FieldKind.PerLanguage:
                    var map = new JsonObject();
                    foreach (var lang in languages)
                    {
                        var value = form[$"{key}.{lang}"].ToString().Trim();
                        if (value.Length > 0)
                        {
                            map[lang] = value;
                        }
                    }
                    result[f.Name] = map;
                    break;
                case FieldKind.List:
                    var list = ReadList(f, form, key, existing?[f.Name] as JsonArray, languages, errors);
                    if (f.Optional && list.Count == 0)
                    {
                        result.Remove(f.Name); // e.g. an item without options of its own answers with the shared scale
                    }
                    else
                    {
                        result[f.Name] = list;
                    }
                    break;
            }
        }
        return result;
    }

    private static JsonArray ReadList(FormField list, IFormCollection form, string key, JsonArray? existing, IReadOnlyList<string> languages,
        List<FormError> errors)
    {
        var rows = new JsonArray();
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        var hasId = list.Element!.Any(e => e.Name == "id");
        var postedIds = form.Keys.Where(k => k.StartsWith(key + "[", StringComparison.Ordinal) && k.EndsWith("].id", StringComparison.Ordinal))
            .Select(k => form[k].ToString().Trim()).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; form.ContainsKey($"{key}[{i}].present"); i++)
        {
            var rowKey = $"{key}[{i}]";
            if (form[$"{rowKey}.remove"].Any(v => v == "true"))
            {
                continue;
            }
            var blank = list.Element!.Where(e => e.Kind is not (FieldKind.Flag or FieldKind.Choice))
                .All(e => e.Kind is FieldKind.Text or FieldKind.LongText or FieldKind.Markdown
                    ? languages.All(l => string.IsNullOrWhiteSpace(form[$"{rowKey}.{e.Name}.{l}"]))
                    : string.IsNullOrWhiteSpace(form[$"{rowKey}.{e.Name}"]));
            if (blank)
            {
                continue; // the empty "add one" row
            }
            var id = form[$"{rowKey}.id"].ToString().Trim();
            var before = existing?.OfType<JsonObject>().FirstOrDefault(o => hasId && o["id"]?.GetValue<string>() == id && id.Length > 0)
                         ?? (i < (existing?.Count ?? 0) ? existing![i] as JsonObject : null);
            var row = Read(list.Element!, form, rowKey, before, languages, errors);
            if (hasId && id.Length == 0)
            {
                // A new row without an id gets the next free one, so an editor never has to invent ids.
                var n = rows.Count + 1;
                while (usedIds.Contains($"{list.Name[0]}{n}") || postedIds.Contains($"{list.Name[0]}{n}"))
                {
                    n++;
                }
                row["id"] = $"{list.Name[0]}{n}";
            }
            if (hasId)
            {
                usedIds.Add(row["id"]!.GetValue<string>());
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Browsers post CRLF; the contract stores LF, so a save without edits changes nothing.</summary>
    private static string Normalise(string value, FieldKind kind) =>
        kind == FieldKind.Text ? TextInput.Line(value) : value.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
}
