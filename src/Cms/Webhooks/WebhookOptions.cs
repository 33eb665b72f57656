using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Webhooks;

/// <summary>Section "Webhooks": who is told when a program is published or withdrawn (e.g. each Delivery site).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public List<WebhookEndpoint> Endpoints { get; set; } = [];

    /// <summary>Attempts before a delivery is given up (it stays in the delivery log).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; each later retry waits twice as long.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class WebhookEndpoint
{
    public string Url { get; set; } = "";
    public string Secret { get; set; } = "";
}

internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            var e = options.Endpoints[i];
            if (!Uri.TryCreate(e.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"Webhooks:Endpoints:{i}:Url must be an absolute http(s) URL (got '{e.Url}').");
            }
            if (e.Secret.Length < 16)
            {
                errors.Add($"Webhooks:Endpoints:{i}:Secret must be at least 16 characters.");
            }
        }
        if (options.MaxAttempts is < 1 or > 50)
        {
            errors.Add("Webhooks:MaxAttempts must be between 1 and 50.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
