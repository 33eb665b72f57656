using System.Globalization;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// The period filter: presets ending with yesterday, or a custom range of whole days. The "to" date a person types is
/// inclusive; <see cref="Period.To"/> is exclusive. Every period ends at a finished UTC day, and a custom range reaching
/// into today is cut there: a number over a day still running would change between two looks, and the difference
/// would name what happened in between (docs/analytics.md).
/// </summary>
public sealed record PeriodChoice(string Preset, Period Period, TrendBucket Bucket)
{
    public static readonly string[] Presets = ["4w", "13w", "52w", "all", "custom"];
    public const string DefaultPreset = "13w";

    /// <summary>Earliest day "all" reaches back to: before the platform existed.</summary>
    public static readonly DateOnly AllFrom = new(2020, 1, 1);

    public static PeriodChoice? Parse(string? preset, string? from, string? to, string? bucket, DateOnly today)
    {
        preset = string.IsNullOrEmpty(preset) ? DefaultPreset : preset;
        var end = today;
        Period? period = preset switch
        {
            "4w" => new Period(end.AddDays(-28), end),
            "13w" => new Period(end.AddDays(-91), end),
            "52w" => new Period(end.AddDays(-364), end),
            "all" => new Period(AllFrom, end),
            "custom" => Custom(from, to, today),
            _ => null,
        };
        if (period is null)
        {
            return null;
        }
        var b = bucket switch
        {
            "week" => TrendBucket.Week,
            "month" => TrendBucket.Month,
            null or "" => period.Weeks > 26 ? TrendBucket.Month : TrendBucket.Week,
            _ => (TrendBucket?)null,
        };
        return b is null ? null : new PeriodChoice(preset, period, b.Value);
    }

    private static Period? Custom(string? from, string? to, DateOnly today) =>
        DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)
        && DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
        && f <= t && f >= AllFrom && f < today && t.DayNumber - f.DayNumber <= 3660
            ? new Period(f, t < today ? t.AddDays(1) : today)
            : null;
}
