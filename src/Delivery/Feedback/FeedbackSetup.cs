using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Feedback;

public static class FeedbackSetup
{
    /// <summary>Page feedback, its aggregation and the push to the Cms (docs/architecture.md, "Feedback to the content team").</summary>
    public static WebApplicationBuilder AddFeedback(this WebApplicationBuilder builder)
    {
        builder.Services.AddStartupOptions<FeedbackOptions>(FeedbackOptions.Section, FeedbackOptions.Check);
        builder.Services.AddScoped<PageFeedbackService>();
        builder.Services.AddScoped<FeedbackAggregator>();
        builder.Services.AddScoped<ForwardedComments>();
        builder.Services.AddScoped<EvaluationService>();
        builder.Services.AddSingleton<FeedbackPush>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FeedbackPush>());
        return builder;
    }
}
