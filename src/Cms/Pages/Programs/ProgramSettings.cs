using ContentPlatform.Contract.Releases;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>
/// The program's reminder defaults and its caseload/alert settings as their two settings forms post them. Ranges are the
/// publish check's (<c>PublishValidator</c>), so what the form accepts can be published. Defaults the program never set
/// stay unset, so a save without edits changes nothing and older releases keep their content hash.
/// </summary>
public static class ProgramSettings
{
    public static readonly IReadOnlyList<string> Channels = [ReminderSettings.Email, ReminderSettings.Sms];

    public static ProgramContent ReadReminders(IFormCollection form, ProgramContent program, IStringLocalizer s, out IReadOnlyList<SettingsError> errors)
    {
        var read = new SettingsForm(form, s);
        var old = program.Reminders ?? new ReminderSettings();
        var reminders = new ReminderSettings
        {
            Channels = read.Choices("reminders.channels", "ReminderChannels", Channels),
            InactiveDays = read.Number("reminders.inactiveDays", "ReminderInactiveDays", 1, 365, old.InactiveDays),
            QuietFromHour = read.Number("reminders.quietFromHour", "ReminderQuietFrom", 0, 23, old.QuietFromHour),
            QuietUntilHour = read.Number("reminders.quietUntilHour", "ReminderQuietUntil", 0, 23, old.QuietUntilHour),
        };
        errors = read.Errors;
        return program with { Reminders = program.Reminders is null && Same(reminders, new ReminderSettings()) ? null : reminders };
    }

    public static ProgramContent ReadTriage(IFormCollection form, ProgramContent program, IStringLocalizer s, out IReadOnlyList<SettingsError> errors)
    {
        var read = new SettingsForm(form, s);
        var triage = new TriageRules
        {
            InactiveDays = read.Number("triage.inactiveDays", "TriageInactiveDays", 1, 365, program.Triage.InactiveDays),
            WorseningPoints = read.Number("triage.worseningPoints", "TriageWorseningPoints", 1, 1000, program.Triage.WorseningPoints),
        };
        var replyDays = read.Optional("replyTimeDays", "TriageReplyTimeDays", 1, 30, program.ReplyTimeDays);
        var hours = read.Number("alertEscalationHours", "Field_alertEscalationHours", 1, 720,
            program.AlertEscalationHours ?? ProgramContent.DefaultAlertEscalationHours);
        errors = read.Errors;
        return program with
        {
            Triage = triage,
            ReplyTimeDays = replyDays,
            // The default is stored as "unset" unless the program already named it.
            AlertEscalationHours = hours == ProgramContent.DefaultAlertEscalationHours && program.AlertEscalationHours is null ? null : hours,
        };
    }

    private static bool Same(ReminderSettings a, ReminderSettings b) =>
        a.Channels.SequenceEqual(b.Channels) && a with { Channels = b.Channels } == b;
}

/// <summary>What <c>_SettingsNumber</c> renders: one number field of a settings form on the program page.</summary>
public sealed record SettingsNumber(TreeModel Page, string Name, string LabelKey, string HintKey, int Min, int Max, int? Value);
