using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.Programs.Changes;

public enum ChangeKind
{
    Added,
    Removed,
    Changed,
    Moved,
}

/// <summary>
/// Where a change is, for people: the titles of its module, page and questionnaire (in every language, so each reader
/// gets their own), the block's type and number on its page, the field and the language. <see cref="ChangePath"/>
/// writes it out as "Modul › Side › Blokk 2: Tekst › nynorsk".
/// </summary>
public sealed record ChangePlace(
    LocalizedText? Module = null, LocalizedText? Page = null, string? BlockType = null, int? BlockNumber = null,
    LocalizedText? Questionnaire = null, string? Field = null, string? Language = null);

/// <summary>
/// One difference between two versions of a program, at field level: a text in one language, a setting (a value that
/// is not a text, e.g. a quiz option marked correct or a severity band's limits), or a module, page, block or
/// questionnaire added, removed or moved. <see cref="Key"/> stays the same across edits (built from ids).
/// </summary>
public sealed record ProgramChange(
    ChangeKind Kind, string What, string Key, ContentLocation Location, ChangePlace Place,
    string? Before = null, string? After = null)
{
    public const string Text = "text";
    public const string Settings = "settings";

    public string? Language => Location.Language;
}
