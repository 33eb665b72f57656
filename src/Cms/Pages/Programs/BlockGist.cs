using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>
/// A block's first words in plain text (Markdown marks and link targets dropped), from its first text field in the
/// given language (or any language that has text): the one line the page editor's outline and folded blocks show.
/// </summary>
public static partial class BlockGist
{
    public static string Of(JsonObject block, string language, int words = 8)
    {
        foreach (var (name, node) in block)
        {
            if (name is "id" or "type" || node is not JsonObject texts)
            {
                continue;
            }
            var text = Text(texts[language]) ?? texts.Select(t => Text(t.Value)).FirstOrDefault(t => t is not null);
            if (text is not null)
            {
                var plain = Marks().Replace(Link().Replace(Image().Replace(text, ""), "$1"), " ");
                var all = plain.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (all.Length > 0)
                {
                    return string.Join(' ', all.Take(words)) + (all.Length > words ? " …" : "");
                }
            }
        }
        return "";
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"[#*_>`~|]+")]
    private static partial Regex Marks();
}
