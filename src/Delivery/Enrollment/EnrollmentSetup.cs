namespace ContentPlatform.Delivery.Enrollment;

public static class EnrollmentSetup
{
    /// <summary>A patient's enrollments: invitations, sign-up and which programs (and releases) they follow.</summary>
    public static WebApplicationBuilder AddEnrollment(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PatientEnrollments>();
        builder.Services.AddScoped<EnrollmentService>();
        return builder;
    }
}
