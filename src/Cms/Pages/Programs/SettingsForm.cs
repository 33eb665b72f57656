using System.Globalization;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>A settings field the form refused: its form name (to mark the input) and the reason, naming the field.</summary>
public sealed record SettingsError(string Field, string Message);

/// <summary>
/// Reads whole numbers from a settings form and checks their range before anything is saved, so a value out of range is
/// refused with the field's own label in the reader's language ("Dagar utan aktivitet må vere mellom 1 og 365") instead
/// of being stored and found only by the publish check.
/// </summary>
public sealed class SettingsForm(IFormCollection form, IStringLocalizer s)
{
    public List<SettingsError> Errors { get; } = [];

    public string Label(string labelKey) => s[labelKey];

    /// <summary>A required number in [min, max]; on a refusal the error is recorded and the fallback returned.</summary>
    public int Number(string name, string labelKey, int min, int max, int fallback) =>
        Optional(name, labelKey, min, max, fallback, required: true) ?? fallback;

    /// <summary>An optional number in [min, max]: empty means null.</summary>
    public int? Optional(string name, string labelKey, int min, int max, int? fallback, bool required = false)
    {
        var raw = form[name].ToString().Trim();
        if (raw.Length == 0 && !required)
        {
            return null;
        }
        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Errors.Add(new(name, s["ErrorNumber", s[labelKey]]));
            return fallback;
        }
        if (value < min || value > max)
        {
            Errors.Add(new(name, s["ErrorRange", s[labelKey], min, max]));
            return fallback;
        }
        return value;
    }

    /// <summary>The posted values of a checkbox group, each one of <paramref name="allowed"/> (in that order).</summary>
    public IReadOnlyList<string> Choices(string name, string labelKey, IReadOnlyList<string> allowed)
    {
        var posted = form[name].Select(v => v ?? "").ToList();
        if (posted.Any(v => !allowed.Contains(v)))
        {
            Errors.Add(new(name, s["ErrorChoice", s[labelKey]]));
        }
        return allowed.Where(posted.Contains).ToList();
    }
}
