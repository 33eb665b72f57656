using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Rendering.Blocks;

public sealed class DownloadRenderer : BlockRenderer<DownloadBlock>
{
    protected override void Render(DownloadBlock block, RenderContext context, HtmlWriter html)
    {
        var asset = context.Media(block.Media);
        html.Raw("<p class=\"block download\"").Attr("id", IdFor(block)).Raw("><a").Attr("href", context.MediaUrl(block.Media))
            .Raw(" download>").Text(context.Texts.Download).Raw(": ").Text(context.T(block.Title));
        if (asset is { Bytes: > 0 })
        {
            html.Raw(" <span class=\"size\">(").Text(FormatSize(asset.Bytes)).Raw(")</span>");
        }
        html.Raw("</a></p>");
    }

    private static string FormatSize(long bytes) => bytes >= 1_000_000
        ? $"{bytes / 1_000_000.0:0.#} MB"
        : $"{Math.Max(1, bytes / 1000)} kB";
}
