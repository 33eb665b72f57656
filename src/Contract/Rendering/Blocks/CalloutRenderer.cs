using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Markdown;

namespace ContentPlatform.Contract.Rendering.Blocks;

/// <summary>An aside whose label is text, not only colour, so its meaning reaches every reader.</summary>
public sealed class CalloutRenderer : BlockRenderer<CalloutBlock>
{
    protected override void Render(CalloutBlock block, RenderContext context, HtmlWriter html)
    {
        var (variant, label) = block.Variant switch
        {
            CalloutVariant.Tip => ("tip", context.Texts.Tip),
            CalloutVariant.Warning => ("warning", context.Texts.Warning),
            _ => ("info", context.Texts.Info),
        };
        html.Raw("<aside class=\"block callout callout-").Raw(variant).Raw("\"").Attr("id", IdFor(block))
            .Attr("aria-labelledby", IdFor(block, "-label")).Raw("><p class=\"callout-label\"").Attr("id", IdFor(block, "-label"))
            .Raw("><strong>").Text(label).Raw("</strong></p>")
            .Raw(ContentMarkdown.ToHtml(context.T(block.Markdown))).Raw("</aside>");
    }
}
