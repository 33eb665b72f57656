namespace ContentPlatform.Cms.ContentApi;

public static class PreviewSetup
{
    /// <summary>Draft previews in Delivery: the signed preview tokens and where Delivery is (section "Preview").</summary>
    public static WebApplicationBuilder AddDraftPreviews(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PreviewTokens>();
        builder.Services.AddOptions<PreviewOptions>().BindConfiguration(PreviewOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<PreviewOptions>, PreviewOptionsValidator>();
        return builder;
    }
}
