using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Rendering;

/// <summary>
/// The renderer registry: every <see cref="IBlockRenderer"/> in this assembly, one per block type. <see cref="Check"/>
/// runs at start-up so a block type without a renderer stops the app instead of a patient's page.
/// </summary>
public static class BlockRenderers
{
    private static readonly Lazy<IReadOnlyDictionary<Type, IBlockRenderer>> ByType = new(Discover);

    public static IReadOnlyDictionary<Type, IBlockRenderer> All => ByType.Value;

    public static IBlockRenderer For(Block block) =>
        All.TryGetValue(block.GetType(), out var renderer) ? renderer
            : throw new InvalidOperationException($"no renderer for block type '{BlockTypes.NameOf(block)}'");

    /// <summary>Throws naming every registered block type that has no renderer.</summary>
    public static void Check()
    {
        var missing = BlockTypes.All.Where(t => !All.ContainsKey(t.Value)).Select(t => t.Key).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"block types without a renderer: {string.Join(", ", missing)}");
        }
    }

    public static string Render(Block block, RenderContext context)
    {
        var html = new HtmlWriter();
        For(block).Render(block, context, html);
        return html.ToString();
    }

    /// <summary>
    /// A page as both previews (the Cms's plain one and Delivery's themed one) show it: every block, with no form target,
    /// so inputs render but nothing posts anywhere that would keep it.
    /// </summary>
    public static string PreviewOf(PageContent page, ProgramRelease draft, string language)
    {
        var context = new RenderContext(draft, language);
        return string.Concat(page.Blocks.Select(b => Render(b, context)));
    }

    private static Dictionary<Type, IBlockRenderer> Discover()
    {
        var renderers = typeof(IBlockRenderer).Assembly.GetTypes()
            .Where(t => typeof(IBlockRenderer).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IBlockRenderer)Activator.CreateInstance(t)!)
            .ToList();
        var twice = renderers.GroupBy(r => r.BlockType).Where(g => g.Count() > 1).Select(g => g.Key.Name).ToList();
        if (twice.Count > 0)
        {
            throw new InvalidOperationException($"block types with two renderers: {string.Join(", ", twice)}");
        }
        return renderers.ToDictionary(r => r.BlockType);
    }
}
