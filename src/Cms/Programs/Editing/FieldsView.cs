using System.Text.Json.Nodes;

namespace ContentPlatform.Cms.Programs.Editing;

/// <summary>
/// What the generic field partial needs to render one object: its fields, values, form-name prefix, anchor ids (the
/// validation panel links to them: "f-{block}-{field}-{lang}") and translation keys (for the stale badges).
/// </summary>
public sealed record FieldsView(
    IReadOnlyList<FormField> Fields, JsonObject Value, string Prefix, string AnchorBase, string KeyBase, char KeySeparator,
    IReadOnlyList<string> Languages, TranslationLog? Log, string SourceLanguage, bool Disabled, bool SoleText = false)
{
    public string Anchor(FormField f, string? lang = null) =>
        (SoleText && f.IsSoleText ? AnchorBase : $"{AnchorBase}-{f.Name}") + (lang is null ? "" : "-" + lang);

    public string Key(FormField f) => SoleText && f.IsSoleText ? KeyBase : $"{KeyBase}{KeySeparator}{f.Name}";

    public string Name(FormField f, string? lang = null) => $"{Prefix}.{f.Name}" + (lang is null ? "" : "." + lang);

    public bool IsStale(FormField f, string lang) => Log?.IsStale(Key(f), lang, SourceLanguage) == true;

    public string Text(FormField f, string lang) => Value[f.Name] is JsonObject o && o[lang] is JsonValue v ? v.ToString() : "";

    public string Scalar(FormField f) => Value[f.Name] is JsonValue v ? v.ToString() : "";

    public bool Flag(FormField f) => Value[f.Name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public bool Has(FormField f, string choice) => Value[f.Name] is JsonArray a && a.Any(x => x?.ToString() == choice);

    public IReadOnlyList<JsonObject> Rows(FormField f) => Value[f.Name] is JsonArray a ? a.OfType<JsonObject>().ToList() : [];

    /// <summary>An element of a list field: ids become part of its anchors and keys ("fields.f1", "options.a.text").</summary>
    public FieldsView Element(FormField list, JsonObject row, int index)
    {
        var id = row["id"]?.ToString() is { Length: > 0 } rowId ? rowId : $"new{index}";
        var sole = list.Element!.Count(e => e.IsSoleText) == 1;
        return new(list.Element!, row, $"{Prefix}.{list.Name}[{index}]", $"{AnchorBase}-{list.Name}-{id}",
            $"{KeyBase}{KeySeparator}{list.Name}.{id}", '.', Languages, Log, SourceLanguage, Disabled, sole);
    }
}
