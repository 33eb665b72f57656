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
                // A heading and the paragraph under it stay apart ("Om pust – Pust inn …"), not run together as one line.
                var lines = text.Split('\n')
                    .Select(line => Marks().Replace(Link().Replace(Image().Replace(line, ""), "$1"), " ").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                    .Where(line => line.Length > 0)
                    .ToList();
                var total = lines.Sum(line => line.Length);
                if (total > 0)
                {
                    var kept = new List<string>();
                    var left = words;
                    foreach (var line in lines.TakeWhile(_ => left > 0))
                    {
                        kept.Add(string.Join(' ', line.Take(left)));
                        left -= Math.Min(left, line.Length);
                    }
                    return string.Join(" – ", kept) + (total > words ? " …" : "");
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
