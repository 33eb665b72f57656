using System.Text.Json;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.Programs;

/// <summary>
/// When each text was last edited, per language, and when an editor accepted a translation as up to date.
/// A translation is stale when the source-language text changed after the translation was last edited or accepted.
/// </summary>
public sealed class TranslationLog
{
    public sealed class Mark
    {
        public DateTimeOffset Edited { get; set; }
        public DateTimeOffset? Accepted { get; set; }

        public DateTimeOffset Current => Accepted is { } a && a > Edited ? a : Edited;
    }

    public Dictionary<string, Dictionary<string, Mark>> Fields { get; set; } = new(StringComparer.Ordinal);

    public static TranslationLog Parse(string json) =>
        string.IsNullOrWhiteSpace(json) ? new() : JsonSerializer.Deserialize<TranslationLog>(json, JsonOptions) ?? new();

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Records the languages whose text changed between two versions of a program.</summary>
    public void RecordChanges(ProgramContent? before, ProgramContent after, DateTimeOffset now)
    {
        var old = before is null ? new Dictionary<string, LocalizedText>()
            : ContentTexts.Enumerate(before).ToDictionary(t => t.Key, t => t.Text, StringComparer.Ordinal);
        foreach (var text in ContentTexts.Enumerate(after))
        {
            old.TryGetValue(text.Key, out var previous);
            foreach (var (language, value) in text.Text)
            {
                var was = previous is not null && previous.TryGetValue(language, out var p) ? p : null;
                if (was != value)
                {
                    MarkFor(text.Key, language).Edited = now;
                }
            }
        }
    }

    public bool IsStale(string key, string language, string sourceLanguage)
    {
        if (language == sourceLanguage || !Fields.TryGetValue(key, out var marks) ||
            !marks.TryGetValue(sourceLanguage, out var source))
        {
            return false;
        }
        return !marks.TryGetValue(language, out var translation) || source.Edited > translation.Current;
    }

    /// <summary>"Mark translation as up to date": the editor checked it and nothing needs changing.</summary>
    public void Accept(string key, string language, DateTimeOffset now) => MarkFor(key, language).Accepted = now;

    private Mark MarkFor(string key, string language)
    {
        if (!Fields.TryGetValue(key, out var marks))
        {
            Fields[key] = marks = new(StringComparer.Ordinal);
        }
        if (!marks.TryGetValue(language, out var mark))
        {
            marks[language] = mark = new Mark();
        }
        return mark;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
