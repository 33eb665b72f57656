using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Markdown;

namespace ContentPlatform.Contract.Rendering.Blocks;

public sealed class TextRenderer : BlockRenderer<TextBlock>
{
    protected override void Render(TextBlock block, RenderContext context, HtmlWriter html) =>
        html.Raw("<div class=\"block text\"").Attr("id", IdFor(block)).Raw(">")
            .Raw(ContentMarkdown.ToHtml(context.T(block.Markdown))).Raw("</div>");
}
