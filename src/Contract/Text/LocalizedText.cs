namespace ContentPlatform.Contract.Text;

/// <summary>
/// One text in several languages ("nb", "nn"), serialized as a JSON object {"nb": "...", "nn": "..."}.
/// Sorted by language so serialization, and therefore a release's content hash, is deterministic.
/// </summary>
public sealed class LocalizedText : SortedDictionary<string, string>
{
    public LocalizedText() : base(StringComparer.Ordinal)
    {
    }

    public LocalizedText(IEnumerable<KeyValuePair<string, string>> values) : this()
    {
        foreach (var (language, text) in values)
        {
            this[language] = text;
        }
    }

    public static LocalizedText Of(string nb, string nn) => new() { ["nb"] = nb, ["nn"] = nn };

    /// <summary>
    /// The text in <paramref name="language"/>, else the first language of <paramref name="fallback"/> that has one
    /// (field-level fallback), else empty.
    /// </summary>
    public string Resolve(string language, IReadOnlyList<string>? fallback = null)
    {
        if (TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }
        foreach (var other in fallback ?? [])
        {
            if (TryGetValue(other, out var fb) && !string.IsNullOrWhiteSpace(fb))
            {
                return fb;
            }
        }
        return string.Empty;
    }

    public bool Has(string language) => TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text);
}
