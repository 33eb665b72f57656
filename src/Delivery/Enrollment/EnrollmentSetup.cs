namespace ContentPlatform.Delivery.Enrollment;

public static class EnrollmentSetup
{
    /// <summary>Enrolling: staff invitations and course sign-up (a patient's enrollments with their progress are Progress's <c>PatientEnrollments</c>).</summary>
    public static WebApplicationBuilder AddEnrollment(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<EnrollmentService>();
        return builder;
    }
}
