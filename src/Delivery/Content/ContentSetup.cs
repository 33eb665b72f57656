using System.Net.Http.Headers;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Platform.Hosting;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Content;

public static class ContentSetup
{
    /// <summary>Releases from the Cms: options (checked at start-up), the store, the background sync and its HTTP client.</summary>
    public static WebApplicationBuilder AddCmsContent(this WebApplicationBuilder builder)
    {
        builder.Services.AddStartupOptions<CmsOptions>(CmsOptions.Section, CmsOptions.Check);
        builder.Services.AddSingleton<ReleaseStore>();
        builder.Services.AddHttpClient(CmsSync.HttpClientName).ConfigureHttpClient((sp, c) =>
        {
            var options = sp.GetRequiredService<IOptions<CmsOptions>>().Value;
            if (!string.IsNullOrWhiteSpace(options.BaseUrl))
            {
                c.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", options.ApiKey);
            }
            c.Timeout = TimeSpan.FromSeconds(10);
        });
        builder.Services.AddSingleton<CmsSync>();
        builder.Services.AddSingleton<DraftPreviews>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CmsSync>());
        return builder;
    }

    /// <summary>
    /// POST /api/webhooks/cms: the Cms says a program was published or withdrawn. The signature (shared secret, timestamp
    /// within five minutes) is checked before anything else; then Delivery synchronises at once and answers 204.
    /// </summary>
    public static IEndpointConventionBuilder MapCmsWebhook(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/webhooks/cms", async (HttpContext http, CmsSync sync, IOptions<CmsOptions> options, TimeProvider clock) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var secret = options.Value.WebhookSecret;
            if (secret.Length == 0 || !WebhookSignature.Verify(secret, http.Request.Headers[WebhookSignature.Header],
                    buffer.ToArray(), clock.GetUtcNow(), TimeSpan.FromMinutes(5)))
            {
                return Results.Problem("The webhook signature is missing, wrong or too old.", statusCode: StatusCodes.Status401Unauthorized);
            }
            await sync.SyncAsync(http.RequestAborted);
            return Results.NoContent();
        }).AllowAnonymous().DisableAntiforgery();
}
