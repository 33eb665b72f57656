using System.Globalization;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Programs.Changes;

/// <summary>A change as the management API returns it: the engine's fields plus the human path in the caller's language.</summary>
public sealed record ChangeItem(ChangeKind Kind, string What, string Key, string Path, ContentLocation Location, string? Language,
    string? Before, string? After)
{
    public static ChangeItem From(ProgramChange change, IStringLocalizer s) =>
        new(change.Kind, change.What, change.Key, ChangePath.Describe(change.Place, s, ReaderLanguage), change.Location,
            change.Language, change.Before, change.After);

    /// <summary>The request's language (nb unless nn was asked for), as the pages choose it.</summary>
    public static string ReaderLanguage => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nn" ? "nn" : "nb";
}
