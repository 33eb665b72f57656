namespace ContentPlatform.Delivery.CareTeams;

public static class CareTeamsSetup
{
    /// <summary>The therapist side: care-team access checks, the caseload and the patient view's services.</summary>
    public static WebApplicationBuilder AddCareTeams(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CareTeamAccess>();
        builder.Services.AddSingleton<Enrollment.IEnrolledByStaff, ResponsibleTherapist>();
        builder.Services.AddScoped<Caseload>();
        builder.Services.AddScoped<CaseloadNotifier>();
        builder.Services.AddScoped<Answers.IAnswerListener, CaseloadNotifier>();
        builder.Services.AddScoped<PatientRecord>();
        builder.Services.AddScoped<AlertHandling>();
        return builder;
    }
}
