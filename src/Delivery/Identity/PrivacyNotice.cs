using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Identity;

/// <summary>
/// Privacy:NoticeUrl — the trust's own privacy notice (personvernerklæring), linked from the course sign-up form and the
/// footer. Default: the built-in page at /personvern, written to be true to this app (Pages/Personvern.cshtml).
/// </summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";
    public const string DefaultNoticeUrl = "/personvern";

    public string NoticeUrl { get; set; } = DefaultNoticeUrl;

    /// <summary>A path on this site, or the trust's page over https.</summary>
    public static SettingProblem? Check(PrivacyOptions options, IHostEnvironment environment) =>
        options.NoticeUrl.StartsWith('/') && !options.NoticeUrl.StartsWith("//", StringComparison.Ordinal) && !options.NoticeUrl.Contains('\\', StringComparison.Ordinal)
        || Uri.TryCreate(options.NoticeUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? null
            : new($"{Section}:NoticeUrl", $"'{options.NoticeUrl}' must be a path on this site (/personvern) or an https URL of the trust's privacy notice.");
}
