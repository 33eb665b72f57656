using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Media;
using ContentPlatform.Cms.Media.Captions;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Media.Uploads;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Media;

/// <summary>One media file: preview, facts, alt text, transcript, captions per language, where used, replace, delete.</summary>
public sealed class DetailsModel(MediaBrowser browser, MediaLibrary library, MediaWorkFolders folders,
    IStringLocalizer<MediaText> text) : PageModel
{
    public MediaListItem Item { get; private set; } = null!;

    public MediaAsset Asset => Item.Asset;

    public IReadOnlyDictionary<string, MediaAsset> CaptionAssets { get; private set; } = new Dictionary<string, MediaAsset>();

    public IReadOnlyList<string> Languages => browser.RequiredLanguages;

    public bool CanEdit => User.IsInRole(StaffRoles.Editor) || User.IsInRole(StaffRoles.Admin);

    /// <summary>What the last post did, shown once at the top.</summary>
    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public string? ErrorLanguage { get; private set; }

    public IReadOnlyList<VttProblem> CaptionProblems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct) =>
        await LoadAsync(key, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostTextsAsync(string key, Dictionary<string, string?> alt, Dictionary<string, string?> transcript,
        CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }
        var refusal = await library.UpdateTextsAsync(key, alt.Count > 0 ? alt : null, transcript.Count > 0 ? transcript : null,
            User.Identity!.Name!, ct);
        if (refusal?.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
        Message = text["Saved"];
        return RedirectToPage(new { key });
    }

    public async Task<IActionResult> OnPostCaptionsAsync(string key, string language, IFormFile? file, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }
        if (!await LoadAsync(key, ct))
        {
            return NotFound();
        }
        ErrorLanguage = language;
        if (file is null || file.Length == 0)
        {
            Error = text["ChooseFile"];
            return Page();
        }
        var path = folders.NewTempFile();
        try
        {
            await using (var target = System.IO.File.Create(path))
            {
                await file.CopyToAsync(target, ct);
            }
            var (_, refusal) = await library.AddCaptionsAsync(key, language, path, User.Identity!.Name!, ct);
            if (refusal is not null)
            {
                Error = refusal.Code == "invalid-captions" ? text["CaptionsInvalid"] : refusal.Reason;
                CaptionProblems = refusal.Lines ?? [];
                return Page();
            }
        }
        finally
        {
            System.IO.File.Delete(path);
        }
        Message = text["CaptionsSaved", LanguageName(language)];
        return RedirectToPage(new { key });
    }

    public async Task<IActionResult> OnPostDeleteAsync(string key, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }
        var refusal = await library.DeleteAsync(key, ct);
        if (refusal is null)
        {
            TempData["MediaMessage"] = text["Deleted"].Value;
            return Redirect("/media");
        }
        if (!await LoadAsync(key, ct))
        {
            return NotFound();
        }
        Error = text["CannotDelete"];
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(string key, long jobId, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }
        await library.RetryJobAsync(jobId, User.Identity!.Name!, ct);
        return RedirectToPage(new { key });
    }

    public string LanguageName(string language) =>
        text["Lang_" + language] is { ResourceNotFound: false } name ? name.Value : language;

    private async Task<bool> LoadAsync(string key, CancellationToken ct)
    {
        if (await browser.GetAsync(key, ct) is not { } item)
        {
            return false;
        }
        Item = item;
        CaptionAssets = await browser.CaptionAssetsAsync(item.Asset, ct);
        return true;
    }
}
