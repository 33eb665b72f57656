using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.ContentApi;

/// <summary>
/// A draft dressed as a release, so a preview (Delivery's, with its theme) renders it with exactly the code that renders
/// published releases. Number 0 marks it as never published; it is never stored.
/// </summary>
public static class DraftPreview
{
    public const int Number = 0;

    public static async Task<ProgramRelease> ReleaseOfAsync(string programId, ProgramContent content, int latestRelease,
        IMediaCatalog media, CancellationToken ct) =>
        new ProgramRelease
        {
            ProgramId = programId,
            Number = Number,
            PublishedAt = DateTimeOffset.UnixEpoch,
            PublishedBy = $"draft after release {latestRelease}",
            ContentHash = ProgramRelease.HashOf(content),
            Content = content,
            Media = await media.ManifestAsync(content.MediaKeys(), ct),
        };
}

/// <summary>
/// Section "Preview": where the patient site lives, so "preview as a patient" can open the draft there, in the
/// organisation's theme. Empty: the Cms's own plain preview is used instead.
/// </summary>
public sealed class PreviewOptions
{
    public const string Section = "Preview";

    public string DeliveryUrl { get; set; } = "";

    public bool ThroughDelivery => DeliveryUrl.Length > 0;

    /// <summary>
    /// The Delivery URL that opens one draft page in one language: the language switch (which remembers the choice)
    /// with the preview page as its return address. The token travels in the query; it is short-lived and read-only.
    /// </summary>
    public string PageUrl(string programId, string pageId, string language, string token)
    {
        var preview = $"/preview/{Uri.EscapeDataString(programId)}/{Uri.EscapeDataString(pageId)}?token={Uri.EscapeDataString(token)}";
        return $"{DeliveryUrl.TrimEnd('/')}/culture/{Uri.EscapeDataString(language)}?returnUrl={Uri.EscapeDataString(preview)}";
    }
}

internal sealed class PreviewOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<PreviewOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, PreviewOptions options) =>
        options.DeliveryUrl.Length == 0 ||
        (Uri.TryCreate(options.DeliveryUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(
                $"Preview:DeliveryUrl '{options.DeliveryUrl}' is not an absolute http(s) URL, e.g. http://localhost:5000 (or leave it empty).");
}
