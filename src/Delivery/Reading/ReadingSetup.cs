using ContentPlatform.Contract.Rendering;

namespace ContentPlatform.Delivery.Reading;

public static class ReadingSetup
{
    /// <summary>Reading a program: the page composer and the patient page cache (enrollments, answers and progress have their own AddX).</summary>
    public static WebApplicationBuilder AddPatientProgram(this WebApplicationBuilder builder)
    {
        BlockRenderers.Check(); // a block type without a renderer stops the app here, not on a patient's page
        builder.Services.AddSingleton<PageComposer>();
        builder.AddPatientPageCache();
        return builder;
    }
}
