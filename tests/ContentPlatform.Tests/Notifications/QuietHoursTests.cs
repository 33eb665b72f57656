using ContentPlatform.Delivery.Notifications;

namespace ContentPlatform.Tests.Notifications;

public sealed class QuietHoursTests
{
    private static DateTimeOffset Utc(string at) => DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2027-01-14T20:59:00Z", 22, 7, null)] // 21:59 winter: not yet
    [InlineData("2027-01-14T23:00:00Z", 22, 7, "2027-01-15T06:00:00Z")] // midnight winter
    [InlineData("2027-01-15T05:59:00Z", 22, 7, "2027-01-15T06:00:00Z")] // 06:59 winter
    [InlineData("2027-06-14T20:30:00Z", 22, 7, "2027-06-15T05:00:00Z")] // 22:30 summer
    [InlineData("2027-06-14T12:00:00Z", 13, 15, "2027-06-14T13:00:00Z")] // a daytime window
    [InlineData("2027-06-14T12:00:00Z", 8, 8, null)] // equal hours: none
    [InlineData("2027-03-27T23:30:00Z", 0, 2, "2027-03-28T01:00:00Z")] // spring forward: 02:00 never happens; it ends at 03:00 CEST = 01:00Z
    [InlineData("2027-10-30T23:30:00Z", 0, 2, "2027-10-31T00:00:00Z")] // fall back: the first 02:00 (CEST) = 00:00Z
    public void Quiet_hours_end_at_the_chosen_Oslo_hour_with_daylight_saving(string now, int from, int until, string? end) =>
        Assert.Equal(end is null ? null : Utc(end), QuietHours.EndOf(Utc(now), from, until));

    [Theory]
    [InlineData("912 34 567", "+4791234567")]
    [InlineData("+47 412 34 567", "+4741234567")]
    [InlineData("0047 91234567", "+4791234567")]
    [InlineData("22 22 22 22", null)]
    [InlineData("9123456", null)]
    [InlineData("+46 912 34 567", null)]
    public void Only_Norwegian_mobile_numbers_are_accepted(string input, string? normalized) =>
        Assert.Equal(normalized, NorwegianMobile.Normalize(input));
}
