using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Contract.Rendering;

namespace ContentPlatform.Delivery.Reading;

public static class ReadingSetup
{
    /// <summary>The patient side: enrollments, reading, answers and progress.</summary>
    public static WebApplicationBuilder AddPatientProgram(this WebApplicationBuilder builder)
    {
        BlockRenderers.Check(); // a block type without a renderer stops the app here, not on a patient's page
        builder.Services.AddSingleton<PageComposer>();
        builder.Services.AddSingleton<ProgressRecorder>();
        builder.Services.AddSingleton<ViewRecorder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ViewRecorder>());
        builder.Services.AddSingleton<ReleaseLookup>();
        builder.Services.AddScoped<PatientEnrollments>();
        builder.Services.AddScoped<EnrollmentService>();
        builder.Services.AddScoped<AnswerService>();
        builder.AddPatientPageCache();
        return builder;
    }
}
