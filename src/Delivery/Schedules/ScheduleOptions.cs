using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Schedules;

/// <summary>Section "Schedules": questionnaires on a plan.</summary>
public sealed class ScheduleOptions
{
    public const string Section = "Schedules";

    /// <summary>
    /// How long a due questionnaire may wait before the caseload row turns yellow. One setting for the installation rather
    /// than per program: it is the clinic's follow-up routine, not the content team's.
    /// </summary>
    public TimeSpan OverdueAfter { get; set; } = TimeSpan.FromDays(3);
}

internal sealed class ScheduleOptionsValidator : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions options) =>
        options.OverdueAfter > TimeSpan.Zero && options.OverdueAfter <= TimeSpan.FromDays(60)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Schedules:OverdueAfter must be between 00:00:01 and 60.00:00:00 (e.g. 3.00:00:00).");
}

public static class SchedulesSetup
{
    /// <summary>Questionnaires on a plan (weekly, module start, program end) and follow-up check-ins.</summary>
    public static WebApplicationBuilder AddSchedules(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ScheduleOptions>, ScheduleOptionsValidator>();
        builder.Services.AddScoped<DueQuestionnaires>();
        return builder;
    }
}
