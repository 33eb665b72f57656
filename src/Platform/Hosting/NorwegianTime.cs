using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// The one formatter for every time shown to a person, in both apps and in live payloads: times are stored in UTC and
/// shown in the configured zone (<c>Display:TimeZone</c>, Norwegian time by default), whatever zone the server or the
/// browser runs in, in the request's language (nb/nn). One format per context:
/// <see cref="Moment"/> for when something happened ("i dag 14:05", "5. des. 14:05"),
/// <see cref="Date"/> where only the day matters ("5. desember 2026"), <see cref="DateAndTime"/> where the full date
/// and time are needed ("5. desember 2026 14:05").
/// </summary>
public sealed class NorwegianTime(TimeZoneInfo zone, TimeProvider clock)
{
    public const string Setting = "Display:TimeZone";
    public const string DefaultZone = "Europe/Oslo";

    public TimeZoneInfo Zone => zone;

    /// <summary>The instant as wall-clock time in the display zone (daylight saving included).</summary>
    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone);

    /// <summary>
    /// "i dag 14:05", "i går 14:05", "5. des. 14:05" this year, "5. des. 2025 14:05" before. "i dag" and "i går" are
    /// the same words in Bokmål and Nynorsk, so they need no resource string.
    /// </summary>
    public string Moment(DateTimeOffset at)
    {
        var local = Local(at);
        var today = DateOnly.FromDateTime(Local(clock.GetUtcNow()).DateTime);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = Time(at);
        if (day == today)
        {
            return "i dag " + time;
        }
        if (day == today.AddDays(-1))
        {
            return "i går " + time;
        }
        var date = local.ToString(day.Year == today.Year ? "d. MMM" : "d. MMM yyyy", Culture);
        return date + " " + time;
    }

    // The request's language when it is nb or nn; otherwise Bokmål (a hub call or background job may run without a
    // request culture, and a live message must read the same as the page around it).
    private static CultureInfo Culture => CultureInfo.CurrentCulture.TwoLetterISOLanguageName is "nb" or "nn"
        ? CultureInfo.CurrentCulture
        : CultureInfo.GetCultureInfo("nb");

    /// <summary>"14:05".</summary>
    public string Time(DateTimeOffset at) => Local(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"5. desember 2026".</summary>
    public string Date(DateTimeOffset at) => Local(at).ToString("d. MMMM yyyy", Culture);

    /// <summary>"5. desember 2026 14:05".</summary>
    public string DateAndTime(DateTimeOffset at) => Date(at) + " " + Time(at);

    /// <summary>"05.12", for chart axes.</summary>
    public string DayAndMonth(DateTimeOffset at) => Local(at).ToString("dd.MM", CultureInfo.InvariantCulture);

    /// <summary>Moment, or a dash when there is no time.</summary>
    public string Moment(DateTimeOffset? at) => at is { } a ? Moment(a) : "–";

    /// <summary>Date, or a dash when there is no time.</summary>
    public string Date(DateTimeOffset? at) => at is { } a ? Date(a) : "–";
}

public static class NorwegianTimeSetup
{
    /// <summary>Registers the display-time formatter once; an unknown zone stops start-up naming the setting.</summary>
    public static WebApplicationBuilder AddNorwegianTime(this WebApplicationBuilder builder)
    {
        var id = builder.Configuration[NorwegianTime.Setting];
        id = string.IsNullOrWhiteSpace(id) ? NorwegianTime.DefaultZone : id.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            throw new StartupConfigurationException(NorwegianTime.Setting,
                $"'{id}' is not a time zone this machine knows (IANA names like {NorwegianTime.DefaultZone}).");
        }
        builder.Services.AddSingleton(sp => new NorwegianTime(zone, sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
