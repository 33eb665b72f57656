using System.Globalization;
using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Tests.Shared.Text;

/// <summary>Every time shown to a person is Norwegian wall-clock time, right on both sides of daylight saving.</summary>
public sealed class NorwegianTimeTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static NorwegianTime At(string nowUtc) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(NorwegianTime.DefaultZone), new FixedClock(DateTimeOffset.Parse(nowUtc, CultureInfo.InvariantCulture)));

    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-01-15T13:05:00Z")] // winter: UTC+1
    [InlineData("2026-07-15T12:05:00Z")] // summer: UTC+2
    public void A_winter_and_a_summer_instant_both_show_as_five_past_two_Norwegian_time(string instant)
    {
        var time = At("2026-12-06T10:00:00Z");
        Assert.Equal("14:05", time.Time(Utc(instant)));
    }

    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public void Earlier_this_year_shows_day_and_short_month_without_the_year(string language)
    {
        using var _ = new CultureScope(language);
        var time = At("2026-12-06T10:00:00Z");
        Assert.Equal("15. jan. 14:05", time.Moment(Utc("2026-01-15T13:05:00Z")));
        Assert.Equal("5. des. 2025 14:05", time.Moment(Utc("2025-12-05T13:05:00Z")));
    }

    [Fact]
    public void Today_and_yesterday_follow_the_Norwegian_day_not_the_UTC_day()
    {
        // 23:30 UTC on 5 December is already 00:30 on 6 December in Oslo.
        var time = At("2026-12-06T10:00:00Z");
        Assert.Equal("i dag 00:30", time.Moment(Utc("2026-12-05T23:30:00Z")));
        Assert.Equal("i går 22:07", time.Moment(Utc("2026-12-05T21:07:00Z")));
    }

    [Theory]
    [InlineData("nb", "15. juli 2026", "15. juli 2026 14:05")]
    [InlineData("nn", "15. juli 2026", "15. juli 2026 14:05")]
    public void The_full_date_is_in_the_requests_language(string language, string date, string dateAndTime)
    {
        using var _ = new CultureScope(language);
        var time = At("2026-12-06T10:00:00Z");
        Assert.Equal(date, time.Date(Utc("2026-07-15T12:05:00Z")));
        Assert.Equal(dateAndTime, time.DateAndTime(Utc("2026-07-15T12:05:00Z")));
    }

    [Fact]
    public void Without_a_Norwegian_request_culture_it_still_writes_Norwegian()
    {
        using var _ = new CultureScope("");
        Assert.Equal("15. jan. 14:05", At("2026-12-06T10:00:00Z").Moment(Utc("2026-01-15T13:05:00Z")));
    }

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _before = CultureInfo.CurrentCulture;

        public CultureScope(string name) => CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => CultureInfo.CurrentCulture = _before;
    }
}
