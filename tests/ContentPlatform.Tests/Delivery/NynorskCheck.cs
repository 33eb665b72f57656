using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// Finds Bokmål (and raw language codes) on a page that should be all Nynorsk. Two nets: every interface text whose nb
/// wording differs from its nn wording (taken from the resource files, so a page that shows the nb string, or a view
/// that hard-codes it, is caught), and words that only Bokmål uses ("ikke", "hvordan", "behandleren" …), which also
/// catch text written straight into a view. Text inside an element whose <c>lang</c> says it is another language — the
/// way a page marks content that falls back to Bokmål — is left alone, as are scripts and styles.
/// </summary>
public sealed partial class NynorskCheck
{
    private readonly IReadOnlyList<(string Key, string Fragment)> _bokmalOnly;
    private readonly IReadOnlySet<string> _keys;

    private NynorskCheck(IReadOnlyList<(string, string)> bokmalOnly, IReadOnlySet<string> keys) => (_bokmalOnly, _keys) = (bokmalOnly, keys);

    /// <summary>The interface texts of Delivery and of every shared library it shows (not the Cms's).</summary>
    public static NynorskCheck ForDelivery()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "src"), "*.nb.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Cms{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        // A key missing from the nn file is shown as the key itself ("OfferTwoFactor"): keys that read as one made-up word.
        var keys = files.SelectMany(f => Read(f).Keys).Where(k => k.Length >= 6 && KeyLike().IsMatch(k)).ToHashSet(StringComparer.Ordinal);
        return new(BokmalOnlyFragments(files), keys);
    }

    public IEnumerable<string> Problems(string url, IHtmlDocument page)
    {
        var text = NynorskText(page);
        foreach (var (key, fragment) in _bokmalOnly)
        {
            if (text.Contains(fragment, StringComparison.Ordinal))
            {
                yield return $"{url}: Bokmål interface text '{fragment}' (resource {key})";
            }
        }
        foreach (Match word in BokmalWord().Matches(text))
        {
            yield return $"{url}: Bokmål word '{word.Value}' in “…{Around(text, word.Index)}…”";
        }
        foreach (Match word in Word().Matches(text))
        {
            if (_keys.Contains(word.Value))
            {
                yield return $"{url}: a resource key shown instead of its text: '{word.Value}'";
            }
        }
        foreach (Match code in RawCode().Matches(text))
        {
            yield return $"{url}: a raw language code in “…{Around(text, code.Index)}…”";
        }
    }

    /// <summary>The text a reader meets in Nynorsk: text nodes and the attributes that are read aloud or shown.</summary>
    private static string NynorskText(IHtmlDocument page)
    {
        var parts = new List<string>();
        foreach (var element in page.All)
        {
            if (element.LocalName is "script" or "style" or "template" || !IsNynorsk(element))
            {
                continue;
            }
            parts.AddRange(element.ChildNodes.OfType<IText>().Select(t => t.Data));
            foreach (var attribute in new[] { "aria-label", "title", "placeholder", "alt", "aria-description" })
            {
                if (element.GetAttribute(attribute) is { } value)
                {
                    parts.Add(value);
                }
            }
            if (element is IHtmlInputElement { Type: "submit" or "button" } input)
            {
                parts.Add(input.Value);
            }
        }
        return Whitespace().Replace(string.Join(" \u2016 ", parts), " ");
    }

    private static bool IsNynorsk(IElement element)
    {
        var lang = element.Closest("[lang]")?.GetAttribute("lang") ?? "";
        return lang.StartsWith("nn", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Pieces of each nb text (split at its placeholders) that appear in no nn text at all, long enough to mean
    /// something: "Lagre" is the same word in both, "Du har ikke" is not.
    /// </summary>
    private static List<(string, string)> BokmalOnlyFragments(IEnumerable<string> nbFiles)
    {
        var result = new List<(string, string)>();
        foreach (var nbFile in nbFiles)
        {
            var nb = Read(nbFile);
            var nn = Read(nbFile.Replace(".nb.resx", ".nn.resx", StringComparison.Ordinal));
            var allNynorsk = string.Join("\n", nn.Values);
            foreach (var (key, value) in nb)
            {
                if (nn.TryGetValue(key, out var nnValue) && nnValue == value)
                {
                    continue;
                }
                foreach (var piece in Placeholder().Split(value).Select(p => Whitespace().Replace(p, " ").Trim()))
                {
                    if (piece.Length >= 8 && piece.Contains(' ', StringComparison.Ordinal) && !piece.Contains('<', StringComparison.Ordinal)
                        && !allNynorsk.Contains(piece, StringComparison.Ordinal))
                    {
                        result.Add((key, piece));
                    }
                }
            }
        }
        return result;
    }

    private static Dictionary<string, string> Read(string resx) =>
        XDocument.Load(resx).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static string Around(string text, int index)
    {
        var start = Math.Max(0, index - 40);
        return text.Substring(start, Math.Min(text.Length - start, 80));
    }

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();

    /// <summary>PascalCase with at least two capitals ("OfferTwoFactor"), which no sentence word looks like.</summary>
    [GeneratedRegex(@"^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$")]
    private static partial Regex KeyLike();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>
    /// Words Nynorsk writes otherwise (ikkje, eg, kva, korleis, viss, kvar, kven, kor, nokon, noko, mykje, berre, vere,
    /// ein, eit, gjer, heim, sida, svara, meldinga, innstillingar, spørjeskjema, veke), and the Bokmål endings -lig(e)
    /// and -het(en) (Nynorsk: -leg(e), -heit/-leik). These catch a Nynorsk resource that was left in Bokmål.
    /// </summary>
    [GeneratedRegex(@"\b(?:[Ii]kke|[Jj]eg|[Hh]va|[Hh]vordan|[Hh]vis|[Hh]ver|[Hh]vert|[Hh]vem|[Hh]vor|[Nn]oen|[Nn]oe|[Mm]ye|[Bb]are|[Vv]ære|[Bb]ehandleren|[Dd]ere|[Ee]n|[Ee]t|[Gg]jør|[Gg]jøre|[Hh]jem|[Hh]jemme|[Ss]iden|[Ss]varene|[Mm]eldingen|[Mm]eldingene|[Ii]nnstillinger|[Ss]pørreskjema\w*|[Uu]ke|[Uu]ker|[Kk]un|\w{3,}lige?|\w{3,}het(?:en)?)\b")]
    private static partial Regex BokmalWord();

    /// <summary>A language shown as its code ("Språk nn") instead of its name.</summary>
    [GeneratedRegex(@"(?<![\w-])(?:nb|nn|nb-NO|nn-NO)(?![\w-])")]
    private static partial Regex RawCode();
}
