using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Editing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>Deleting a module or page asks first and says what goes with it (the revision history keeps it).</summary>
public sealed class DeleteModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization, IStringLocalizer<SharedResource> s)
    : ProgramPageModel(db, workflow, authorization, s)
{
    public string? ModuleId { get; private set; }
    public string? PageId { get; private set; }
    public string TargetTitle { get; private set; } = "";
    public int PageCount { get; private set; }
    public int BlockCount { get; private set; }
    public int Version { get; private set; }

    // "pageId", not "page": Razor Pages keeps the page's own path in the route value "page", which wins over a query string.
    public async Task<IActionResult> OnGetAsync(string id, string? module, string? pageId, int? version)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!CanEdit)
        {
            return Forbidden();
        }
        return Describe(module, pageId, version ?? Draft.Version) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string id, string? module, string? pageId, int version)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!CanEdit)
        {
            return Forbidden();
        }
        if (!Describe(module, pageId, version))
        {
            return NotFound();
        }
        var changed = ModuleId is not null ? ProgramEdits.DeleteModule(Doc, ModuleId) : ProgramEdits.DeletePage(Doc, PageId!);
        var summary = ModuleId is not null ? $"deleted module {ModuleId}" : $"deleted page {PageId}";
        return await SaveAsync(changed, version, summary, () => Redirect($"/programs/{id}"), () =>
        {
            Version = Draft.Version;
            return Task.FromResult<IActionResult>(Page());
        });
    }

    private bool Describe(string? module, string? page, int version)
    {
        Version = version;
        if (!string.IsNullOrEmpty(module) && Doc.Modules.FirstOrDefault(m => m.Id == module) is { } m)
        {
            (ModuleId, TargetTitle, PageCount, BlockCount) = (m.Id, Title(m.Title), m.Pages.Count, m.Pages.Sum(p => p.Blocks.Count));
            return true;
        }
        if (!string.IsNullOrEmpty(page) && ProgramEdits.FindPage(Doc, page) is { } p)
        {
            (PageId, TargetTitle, PageCount, BlockCount) = (p.Id, Title(p.Title), 1, p.Blocks.Count);
            return true;
        }
        return false;
    }
}
