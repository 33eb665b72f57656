using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ContentPlatform.Shared.Markdown;

/// <summary>
/// The one Markdown pipeline used by CMS preview and Delivery, so an editor sees exactly what a patient will.
/// Raw HTML is disabled (rendered as text), links are limited to http, https, mailto and relative paths, and images only
/// to the media library (/media/...). The output is deterministic: the same input always gives the same HTML.
/// </summary>
public static class ContentMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UseListExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown ?? string.Empty, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (link.IsImage ? !IsMediaLibraryUrl(link.Url) : !IsAllowedLink(link.Url))
            {
                link.Url = link.IsImage ? string.Empty : "#";
            }
        }
        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsAllowedLink(link.Url))
            {
                link.Url = "#";
            }
        }
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>Problems an editor must fix (used by publish validation), in document order.</summary>
    public static IEnumerable<string> FindProblems(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown ?? string.Empty, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (link.IsImage && !IsMediaLibraryUrl(link.Url))
            {
                yield return $"image-not-from-media-library:{link.Url}";
            }
            else if (!link.IsImage && !IsAllowedLink(link.Url))
            {
                yield return $"link-scheme-not-allowed:{link.Url}";
            }
        }
    }

    /// <summary>Heading levels in order, for the "headings must not skip a level" check.</summary>
    public static IReadOnlyList<int> HeadingLevels(string markdown) =>
        Markdig.Markdown.Parse(markdown ?? string.Empty, Pipeline).Descendants<HeadingBlock>().Select(h => h.Level).ToList();

    public static bool IsAllowedLink(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }
        var trimmed = url.Trim();
        if (trimmed.StartsWith('#') || (trimmed.StartsWith('/') && !trimmed.StartsWith("//", StringComparison.Ordinal)))
        {
            return true;
        }
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri))
        {
            return uri.Scheme is "http" or "https" or "mailto";
        }
        // Relative paths without a scheme ("next-page", "../a"); anything with a colon before a slash is a scheme.
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return colon < 0 || (slash >= 0 && slash < colon);
    }

    public static bool IsMediaLibraryUrl(string? url) =>
        url is not null && url.StartsWith("/media/", StringComparison.Ordinal) && !url.Contains("..", StringComparison.Ordinal);
}
