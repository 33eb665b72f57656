using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Rendering.Blocks;

/// <summary>
/// Native controls (keyboard and screen-reader ready), captions per language and the transcript beside it. The media
/// usually comes from another origin than the page (the Cms's media URLs, or Azure behind them), and a browser loads a
/// cross-origin caption track only when the video asks for CORS: hence crossorigin="anonymous" (the Cms's media
/// answers with Access-Control-Allow-Origin: *; an Azure storage account needs a CORS rule for GET and HEAD).
/// </summary>
public sealed class VideoRenderer : BlockRenderer<VideoBlock>
{
    protected override void Render(VideoBlock block, RenderContext context, HtmlWriter html)
    {
        var asset = context.Media(block.Media);
        html.Raw("<figure class=\"block video\"").Attr("id", IdFor(block)).Raw("><video controls preload=\"metadata\" crossorigin=\"anonymous\"")
            .Attr("poster", asset?.PosterUrl).Raw(">");
        foreach (var rendition in asset?.Renditions ?? [])
        {
            html.Raw("<source").Attr("src", rendition.Url).Attr("type", rendition.ContentType).Raw(">");
        }
        html.Raw("<source").Attr("src", context.MediaUrl(block.Media)).Attr("type", asset?.ContentType ?? "video/mp4").Raw(">");
        foreach (var (language, captions) in block.Captions)
        {
            html.Raw("<track kind=\"captions\"").Attr("src", context.MediaUrl(captions)).Attr("srclang", language)
                .Attr("label", context.Texts.LanguageName(language)).Flag("default", language == context.Language).Raw(">");
        }
        html.Raw("<p>").Text(context.Texts.VideoNotSupported).Raw("</p></video><figcaption>").Text(context.T(block.Title))
            .Raw("</figcaption>");
        TranscriptRenderer.Write(context, html, block.Transcript);
        html.Raw("</figure>");
    }
}

internal static class TranscriptRenderer
{
    public static void Write(RenderContext context, HtmlWriter html, LocalizedText transcript)
    {
        html.Raw("<details class=\"transcript\"><summary>").Text(context.Texts.Transcript).Raw("</summary>")
            .Raw(Markdown.ContentMarkdown.ToHtml(context.T(transcript))).Raw("</details>");
    }
}
