using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Media.Sniffing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Cms.Pages.Media;

/// <summary>The media library: upload (chunked, with live progress), search and filters, grid or list.</summary>
public sealed class IndexModel(MediaBrowser browser) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Language { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool MissingCaptions { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Unused { get; set; }

    [BindProperty(SupportsGet = true)]
    public string View { get; set; } = "grid";

    public IReadOnlyList<MediaListItem> Items { get; private set; } = [];

    public IReadOnlyList<string> Languages => browser.RequiredLanguages;

    public bool CanEdit => User.IsInRole(StaffRoles.Editor) || User.IsInRole(StaffRoles.Admin);

    public async Task OnGetAsync(CancellationToken ct)
    {
        MediaKind? kind = Enum.TryParse<MediaKind>(Kind, ignoreCase: true, out var k) ? k : null;
        View = View == "list" ? "list" : "grid";
        Items = await browser.ListAsync(new MediaFilter(Q, kind, string.IsNullOrEmpty(Language) ? null : Language, MissingCaptions, Unused), ct);
    }
}
