using System.Text;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Sharing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>Downloads the program package (draft and questionnaires) for another trust.</summary>
public sealed class ExportModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization, IStringLocalizer<SharedResource> s,
    TimeProvider clock) : ProgramPageModel(db, workflow, authorization, s)
{
    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var package = new ProgramPackage { Program = Doc, ExportedAt = clock.GetUtcNow(), ExportedBy = Actor };
        return File(Encoding.UTF8.GetBytes(package.ToJson()), "application/json", $"{Draft.Slug}.program.json");
    }
}
