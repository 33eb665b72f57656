using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Rendering.Blocks;

public sealed class ImageRenderer : BlockRenderer<ImageBlock>
{
    protected override void Render(ImageBlock block, RenderContext context, HtmlWriter html)
    {
        var asset = context.Media(block.Media);
        html.Raw("<figure class=\"block image\"").Attr("id", IdFor(block)).Raw("><img")
            .Attr("src", context.MediaUrl(block.Media)).Attr("alt", context.T(block.Alt))
            .Attr("width", asset?.Width?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Attr("height", asset?.Height?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Raw(" loading=\"lazy\">");
        if (block.Caption is not null && context.T(block.Caption) is { Length: > 0 } caption)
        {
            html.Raw("<figcaption>").Text(caption).Raw("</figcaption>");
        }
        html.Raw("</figure>");
    }
}
