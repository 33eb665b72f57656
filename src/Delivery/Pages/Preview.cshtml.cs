using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Rendering;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages;

/// <summary>
/// "Preview as a patient" from the Cms: a draft page rendered exactly as a patient would get it — this site's theme,
/// layout and block renderers — with a banner saying it is a draft. Anyone holding a valid preview token may look (the
/// token is the permission, checked by the Cms); forms render inert and nothing is recorded.
/// </summary>
[IgnoreAntiforgeryToken] // a post here changes nothing: it only says so
public sealed class PreviewModel(DraftPreviews previews, IStringLocalizer<SharedResource> s) : PageModel
{
    public ProgramRelease Draft { get; private set; } = null!;
    public ModuleContent Module { get; private set; } = null!;
    public PageContent Current { get; private set; } = null!;
    public int PageIndex { get; private set; }
    public string ContentHtml { get; private set; } = "";
    public string? PreviousUrl { get; private set; }
    public string? NextUrl { get; private set; }
    public string? Problem { get; private set; }

    /// <summary>Set when a form in the preview was submitted: it is shown, and nothing was saved.</summary>
    public string? Notice { get; private set; }
    public string Language => PageComposer.Language;

    public string T(LocalizedText text) => text.Resolve(Language, Draft.Content.FallbackFor(Language));

    public async Task<IActionResult> OnGetAsync(string programId, string pageId, string? token, CancellationToken ct)
    {
        // A draft must not linger in a cache, be indexed, or leak its token to the sites it links to.
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        Response.Headers["Referrer-Policy"] = "no-referrer";

        var (outcome, draft) = await previews.ReadAsync(programId, token ?? "", ct);
        var located = draft is null ? null : Locate(draft.Content, pageId);
        if (outcome != DraftPreviewOutcome.Found || located is null)
        {
            (Problem, Response.StatusCode) = outcome switch
            {
                DraftPreviewOutcome.Expired => (s["PreviewExpired"].Value, StatusCodes.Status403Forbidden),
                DraftPreviewOutcome.CmsUnavailable => (s["PreviewCmsDown"].Value, StatusCodes.Status503ServiceUnavailable),
                _ => (s["PreviewNotFound"].Value, StatusCodes.Status404NotFound),
            };
            return Page();
        }
        Draft = draft!;
        (Module, Current, PageIndex) = located.Value;
        ContentHtml = BlockRenderers.PreviewOf(Current, Draft, Language);

        var pages = Draft.Content.Modules.SelectMany(m => m.Pages).ToList();
        var at = pages.FindIndex(p => p.Id == pageId);
        PreviousUrl = at > 0 ? UrlFor(pages[at - 1].Id, token!) : null;
        NextUrl = at < pages.Count - 1 ? UrlFor(pages[at + 1].Id, token!) : null;
        return Page();

        string UrlFor(string page, string t) => $"/preview/{Uri.EscapeDataString(programId)}/{Uri.EscapeDataString(page)}?token={Uri.EscapeDataString(t)}";
    }

    /// <summary>The block forms post back to this same URL (they have no action in a preview): show the page again and say that nothing was kept.</summary>
    public async Task<IActionResult> OnPostAsync(string programId, string pageId, string? token, CancellationToken ct)
    {
        var result = await OnGetAsync(programId, pageId, token, ct);
        if (Problem is null)
        {
            Notice = s["PreviewNothingSaved"].Value;
        }
        return result;
    }

    private static (ModuleContent, PageContent, int)? Locate(ProgramContent content, string pageId)
    {
        foreach (var module in content.Modules)
        {
            var index = module.Pages.ToList().FindIndex(p => p.Id == pageId);
            if (index >= 0)
            {
                return (module, module.Pages[index], index);
            }
        }
        return null;
    }
}
