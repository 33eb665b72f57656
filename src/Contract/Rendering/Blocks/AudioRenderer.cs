using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Rendering.Blocks;

public sealed class AudioRenderer : BlockRenderer<AudioBlock>
{
    protected override void Render(AudioBlock block, RenderContext context, HtmlWriter html)
    {
        var title = context.T(block.Title);
        html.Raw("<figure class=\"block audio\"").Attr("id", IdFor(block)).Raw("><figcaption>").Text(title)
            .Raw("</figcaption><audio controls preload=\"none\"").Attr("src", context.MediaUrl(block.Media))
            .Attr("aria-label", title).Raw("></audio>");
        TranscriptRenderer.Write(context, html, block.Transcript);
        html.Raw("</figure>");
    }
}
