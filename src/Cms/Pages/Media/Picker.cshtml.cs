using ContentPlatform.Cms.Media;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Media.Sniffing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Media;

/// <summary>
/// The page editor's media picker reads this: the library's media of one kind matching a search, as an HTML fragment the
/// picker dialog shows (server-rendered, so its texts, badges and thumbnails are the library's own). Staff only, like
/// the library (the folder's policy); the page editor itself offers the picker to editors only.
/// </summary>
public sealed class PickerModel(MediaBrowser browser, IStringLocalizer<MediaText> text) : PageModel
{
    /// <summary>A page of results is enough to choose from; a longer list means the search should be narrower.</summary>
    public const int MaxResults = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>image, video, audio, document, captions; empty for any kind.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    public IReadOnlyList<MediaListItem> Items { get; private set; } = [];

    public int Total { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        MediaKind? kind = null;
        if (!string.IsNullOrEmpty(Kind))
        {
            if (!Enum.TryParse<MediaKind>(Kind, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return BadRequest();
            }
            kind = parsed;
        }
        // A failed file cannot be published, so it is not offered.
        var items = (await browser.ListAsync(new MediaFilter(Q, kind), ct)).Where(i => i.Asset.Status != MediaStatus.Failed).ToList();
        Total = items.Count;
        Items = items.Take(MaxResults).ToList();
        return Page();
    }

    public string LanguageName(string language) =>
        text["Lang_" + language] is { ResourceNotFound: false } name ? name.Value : language;
}
