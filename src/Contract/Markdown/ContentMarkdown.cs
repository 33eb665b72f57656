using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ContentPlatform.Contract.Markdown;

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
        foreach (var inline in document.Descendants<Inline>())
        {
            switch (inline)
            {
                case LinkInline { IsImage: true } image when !IsMediaLibraryUrl(image.Url):
                    yield return $"image-not-from-media-library:{image.Url}";
                    break;
                case LinkInline { IsImage: false } link when !IsAllowedLink(link.Url):
                    yield return $"link-scheme-not-allowed:{link.Url}";
                    break;
                case AutolinkInline autolink when !IsAllowedLink(autolink.Url):
                    yield return $"link-scheme-not-allowed:{autolink.Url}";
                    break;
            }
        }
    }

    /// <summary>Heading levels in order, for the "headings must not skip a level" check.</summary>
    public static IReadOnlyList<int> HeadingLevels(string markdown) =>
        Markdig.Markdown.Parse(markdown ?? string.Empty, Pipeline).Descendants<HeadingBlock>().Select(h => h.Level).ToList();

    public static bool IsAllowedLink(string? url)
    {
        if (AsBrowserReadsIt(url) is not { Length: > 0 } link)
        {
            return false;
        }
        if (link.StartsWith("//", StringComparison.Ordinal))
        {
            return false; // another site, written to look like a path (also /\host and \\host)
        }
        if (link.StartsWith('#') || link.StartsWith('/'))
        {
            return true;
        }
        if (Uri.TryCreate(link, UriKind.Absolute, out var uri))
        {
            return uri.Scheme is "http" or "https" or "mailto";
        }
        // Relative paths without a scheme ("next-page", "../a"); anything with a colon before a slash is a scheme.
        var colon = link.IndexOf(':', StringComparison.Ordinal);
        var slash = link.IndexOf('/', StringComparison.Ordinal);
        return colon < 0 || (slash >= 0 && slash < colon);
    }

    /// <summary>
    /// The link as a browser's URL parser sees it (WHATWG URL): leading and trailing spaces and control characters
    /// dropped, tabs and line breaks removed wherever they are ("java&amp;#x09;script:" is "javascript:"), and every
    /// backslash read as a slash ("/\evil.example" is "//evil.example", another site). Markdown has already decoded
    /// entities and escapes by the time the URL reaches us.
    /// </summary>
    private static string? AsBrowserReadsIt(string? url) =>
        url?.Trim(Enumerable.Range(0, 0x21).Select(c => (char)c).ToArray())
            .Replace("\t", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal)
            .Replace("\r", "", StringComparison.Ordinal).Replace('\\', '/');

    public static bool IsMediaLibraryUrl(string? url) =>
        url is not null && url.StartsWith("/media/", StringComparison.Ordinal) && !url.Contains("..", StringComparison.Ordinal);
}
