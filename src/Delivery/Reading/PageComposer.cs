using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Rendering;

namespace ContentPlatform.Delivery.Reading;

/// <summary>
/// Renders a page's blocks with the shared renderers. Static blocks (text, media, callouts) depend only on the immutable
/// release and the language, so their HTML is rendered once and reused; only forms are rendered per request.
/// </summary>
public sealed class PageComposer
{
    private readonly ConcurrentDictionary<(string Program, int Release, string Block, string Language), string> _static = new();

    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nn" ? "nn" : "nb";

    public string Render(ProgramRelease release, PageContent page, string language, FormTarget? form,
        Func<string, string, string?> answer, IReadOnlyDictionary<string, string> notices)
    {
        var context = new RenderContext(release, language) { Form = form, Answer = answer, Notices = notices };
        var html = new StringBuilder();
        foreach (var block in page.Blocks)
        {
            var renderer = BlockRenderers.For(block);
            if (renderer.Interactive)
            {
                renderer.Render(block, context, new HtmlWriter(html));
            }
            else
            {
                html.Append(_static.GetOrAdd((release.ProgramId, release.Number, block.Id, language),
                    static (_, state) => BlockRenderers.Render(state.block, state.context), (block, context)));
            }
        }
        return html.ToString();
    }
}
