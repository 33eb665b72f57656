using System.Globalization;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>
/// The follow-up program's check-in schedule as the settings form posts it. Numbers that do not parse are kept as 0, so
/// the publish check names the field instead of the form silently keeping the old value.
/// </summary>
public static class CheckInSettings
{
    public static CheckInSchedule Read(IFormCollection form, ProgramContent program) => new()
    {
        Questionnaires = form["checkInQuestionnaires"].Where(q => program.Questionnaires.Any(x => x.Id == q)).Select(q => q!).Distinct().ToList(),
        IntervalDays = Number(form["intervalDays"]),
        DurationWeeks = Number(form["durationWeeks"]),
    };

    private static int Number(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
