using ContentPlatform.Shared.Contract;
using ContentPlatform.Shared.Markdown;

namespace ContentPlatform.Shared.Rendering.Blocks;

public sealed class TextRenderer : BlockRenderer<TextBlock>
{
    protected override void Render(TextBlock block, RenderContext context, HtmlWriter html) =>
        html.Raw("<div class=\"block text\"").Attr("id", IdFor(block)).Raw(">")
            .Raw(ContentMarkdown.ToHtml(context.T(block.Markdown))).Raw("</div>");
}
