using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Rendering;

/// <summary>Where interactive blocks post to: the page's URL, its antiforgery token and the release the page shows.</summary>
public sealed record FormTarget(string Action, string AntiforgeryFieldName, string AntiforgeryToken, int Release, string SubmissionId);

/// <summary>
/// Everything a renderer may use. Static blocks depend only on the release, the block and the language (so their HTML
/// can be cached per release); interactive blocks also read the patient's answers and the form target.
/// </summary>
public sealed record RenderContext(ProgramRelease Release, string Language)
{
    public IReadOnlyList<string> Fallback => Release.Content.FallbackFor(Language);

    public RenderTexts Texts => RenderTexts.For(Language);

    /// <summary>Null in previews: forms render without an action and never post.</summary>
    public FormTarget? Form { get; init; }

    /// <summary>The patient's saved (or just posted) value for (block id, field id).</summary>
    public Func<string, string, string?> Answer { get; init; } = static (_, _) => null;

    /// <summary>Pre-rendered, already-encoded messages shown at the top of a block (saved, errors, a score).</summary>
    public IReadOnlyDictionary<string, string> Notices { get; init; } = new Dictionary<string, string>();

    public string T(LocalizedText? text) => text?.Resolve(Language, Fallback) ?? string.Empty;

    public MediaAsset? Media(string key) => Release.Media.FirstOrDefault(m => m.Key == key);

    /// <summary>The asset's URL from the release's media manifest, else the Cms media library path.</summary>
    public string MediaUrl(string key) => Media(key)?.Url ?? $"/media/{Uri.EscapeDataString(key)}";
}
