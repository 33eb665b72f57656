using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Editing;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Cms.ContentApi;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Contract.Rendering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>
/// The draft page as a patient will see it, in either language, with the program's field-level fallback. Used when no
/// patient site is configured (Preview:DeliveryUrl empty); the blocks go through the same shared renderers Delivery uses,
/// only the theme around them is the Cms's plain one.
/// </summary>
[IgnoreAntiforgeryToken] // a post here changes nothing: it only says so
public sealed class PreviewModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization, IStringLocalizer<SharedResource> s,
    PreviewTokens tokens, IOptions<PreviewOptions> previewOptions, IMediaCatalog media)
    : ProgramPageModel(db, workflow, authorization, s)
{
    public PageContent PageDoc { get; private set; } = null!;
    public ModuleContent Module { get; private set; } = null!;
    public string Lang { get; private set; } = "nb";
    public string ContentHtml { get; private set; } = "";

    /// <summary>Set when a block's form in the preview was submitted: the page is shown again, and nothing was saved.</summary>
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string pageId, string? lang, CancellationToken ct)
    {
        if (!await LoadAsync(id) || ProgramEdits.FindPage(Doc, pageId) is not { } page)
        {
            return NotFound();
        }
        PageDoc = page;
        Module = ProgramEdits.ModuleOf(Doc, pageId)!;
        Lang = lang is not null && Doc.Languages.Contains(lang) ? lang : Culture;
        var draft = await DraftPreview.ReleaseOfAsync(id, Doc, Draft.LatestRelease, media, ct);
        ContentHtml = BlockRenderers.PreviewOf(page, draft, Lang);
        return Page();
    }

    /// <summary>The block forms post back to this same URL (they have no action in a preview): show the page again, keep nothing.</summary>
    public async Task<IActionResult> OnPostAsync(string id, string pageId, string? lang, CancellationToken ct)
    {
        var result = await OnGetAsync(id, pageId, lang, ct);
        Notice = S["PreviewNothingSaved"].Value;
        return result;
    }

    /// <summary>
    /// GET ?handler=delivery&amp;lang=nn: opens the draft page on the patient site, in its theme, with a fresh preview token.
    /// Only staff reach this page (the folder policy); the token only lets Delivery read this one program's draft.
    /// </summary>
    public async Task<IActionResult> OnGetDeliveryAsync(string id, string pageId, string? lang)
    {
        if (!previewOptions.Value.ThroughDelivery)
        {
            return RedirectToPage(new { id, pageId, lang });
        }
        if (!await LoadAsync(id) || ProgramEdits.FindPage(Doc, pageId) is null)
        {
            return NotFound();
        }
        var language = lang is not null && Doc.Languages.Contains(lang) ? lang : Culture;
        return Redirect(previewOptions.Value.PageUrl(id, pageId, language, tokens.Issue(id)));
    }

    public string T(LocalizedText text) => text.Resolve(Lang, Doc.FallbackFor(Lang));
}
