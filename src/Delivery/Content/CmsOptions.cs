using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Content;

/// <summary>
/// Section "Cms": where Delivery gets published programs. An empty BaseUrl turns synchronisation off (Delivery serves
/// the releases it already has, e.g. releases a test stored directly).
/// </summary>
public sealed class CmsOptions
{
    public const string Section = "Cms";

    public string BaseUrl { get; set; } = "";
    public string ApiKey { get; set; } = "";

    /// <summary>Shared secret of the Cms publish webhook (Webhooks:Endpoints:N:Secret on the Cms side).</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>How often the catalogue is revalidated when no webhook arrives.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first broken setting, checked at start-up (<see cref="StartupOptions"/>).</summary>
    public static SettingProblem? Check(CmsOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                return new("Cms:BaseUrl",
                    $"'{options.BaseUrl}' is not an absolute http(s) URL, e.g. http://localhost:5001. Leave it empty to turn synchronisation off.");
            }
            if (options.ApiKey.Length < 32)
            {
                return new("Cms:ApiKey",
                    "Cms:BaseUrl is set, so an API key of at least 32 characters is required (one of the Cms's ContentApi:Keys).");
            }
        }
        if (options.WebhookSecret.Length is > 0 and < 16)
        {
            return new("Cms:WebhookSecret", "the webhook secret must be at least 16 characters (or empty to refuse webhooks).");
        }
        if (options.PollInterval < TimeSpan.FromSeconds(1))
        {
            return new("Cms:PollInterval", "must be at least 00:00:01.");
        }
        return null;
    }
}
