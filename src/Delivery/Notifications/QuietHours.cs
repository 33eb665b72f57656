namespace ContentPlatform.Delivery.Notifications;

/// <summary>
/// A patient's quiet hours, always in Norwegian time (Europe/Oslo) whatever zone the server runs in: e-mail and SMS due
/// inside them wait until they end. Daylight saving is honoured by converting the end's wall-clock time back with the
/// zone's rules for that day.
/// </summary>
public static class QuietHours
{
    public static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>
    /// When the quiet hours around <paramref name="now"/> end, or null when <paramref name="now"/> is outside them.
    /// From 22 until 7 wraps midnight; equal hours mean no quiet hours.
    /// </summary>
    public static DateTimeOffset? EndOf(DateTimeOffset now, int fromHour, int untilHour)
    {
        if (fromHour == untilHour)
        {
            return null;
        }
        var local = TimeZoneInfo.ConvertTime(now, Oslo);
        var hour = local.TimeOfDay.TotalHours;
        var wraps = fromHour > untilHour;
        var quiet = wraps ? hour >= fromHour || hour < untilHour : hour >= fromHour && hour < untilHour;
        if (!quiet)
        {
            return null;
        }
        var endDay = wraps && hour >= fromHour ? local.Date.AddDays(1) : local.Date;
        var end = DateTime.SpecifyKind(endDay.AddHours(untilHour), DateTimeKind.Unspecified);
        if (Oslo.IsInvalidTime(end))
        {
            end = end.AddHours(1); // the hour skipped in spring: it ends when the clock jumps
        }
        // The hour that repeats in autumn: the first of the two (the larger offset), so nobody waits an extra hour.
        var offset = Oslo.IsAmbiguousTime(end) ? Oslo.GetAmbiguousTimeOffsets(end).Max() : Oslo.GetUtcOffset(end);
        return new DateTimeOffset(end, offset).ToUniversalTime();
    }
}
