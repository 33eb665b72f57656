using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Editing;
using ContentPlatform.Shared.Contract;
using ContentPlatform.Cms.ContentApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>The draft page as a patient will see it, in either language, with the program's field-level fallback.</summary>
public sealed class PreviewModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization, IStringLocalizer<SharedResource> s,
    PreviewTokens tokens, IOptions<PreviewOptions> previewOptions)
    : ProgramPageModel(db, workflow, authorization, s)
{
    public PageContent PageDoc { get; private set; } = null!;
    public ModuleContent Module { get; private set; } = null!;
    public string Lang { get; private set; } = "nb";

    public async Task<IActionResult> OnGetAsync(string id, string pageId, string? lang)
    {
        if (!await LoadAsync(id) || ProgramEdits.FindPage(Doc, pageId) is not { } page)
        {
            return NotFound();
        }
        PageDoc = page;
        Module = ProgramEdits.ModuleOf(Doc, pageId)!;
        Lang = lang is not null && Doc.Languages.Contains(lang) ? lang : Culture;
        return Page();
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
