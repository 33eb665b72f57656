using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Rendering;

public interface IBlockRenderer
{
    Type BlockType { get; }

    /// <summary>Interactive blocks (forms) depend on the patient; the others can be cached per release and language.</summary>
    bool Interactive { get; }

    void Render(Block block, RenderContext context, HtmlWriter html);
}

/// <summary>One renderer per block type: adding a block type is one record in Contract/ and one class here.</summary>
public abstract class BlockRenderer<TBlock> : IBlockRenderer where TBlock : Block
{
    public Type BlockType => typeof(TBlock);

    public virtual bool Interactive => false;

    public void Render(Block block, RenderContext context, HtmlWriter html) => Render((TBlock)block, context, html);

    protected abstract void Render(TBlock block, RenderContext context, HtmlWriter html);

    /// <summary>Element ids are derived from block ids, which are unique within a program.</summary>
    protected static string IdFor(Block block, string suffix = "") => $"b-{block.Id}{suffix}";

    protected static void FormStart(RenderContext context, HtmlWriter html, Block block, string handler, string cssClass)
    {
        html.Raw("<form method=\"post\" class=\"").Raw(cssClass).Raw("\"");
        if (context.Form is { } form)
        {
            html.Attr("action", $"{form.Action}?handler={handler}#{IdFor(block)}");
        }
        html.Attr("data-block", block.Id).Raw(">");
        if (context.Form is { } f)
        {
            html.Raw("<input").Attr("name", f.AntiforgeryFieldName).Raw(" type=\"hidden\"").Attr("value", f.AntiforgeryToken).Raw(">");
            html.Raw("<input type=\"hidden\" name=\"release\"").Attr("value", f.Release.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw(">");
        }
        html.Raw("<input type=\"hidden\" name=\"blockId\"").Attr("value", block.Id).Raw(">");
    }

    protected static void Notice(RenderContext context, HtmlWriter html, Block block)
    {
        if (context.Notices.TryGetValue(block.Id, out var notice))
        {
            html.Raw(notice);
        }
    }
}
