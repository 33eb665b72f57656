using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Transfer.Packages;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>Downloads the program package (draft, questionnaires and every media file it uses) for another trust.</summary>
public sealed class ExportModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization, IStringLocalizer<SharedResource> s,
    PackageExporter exporter) : ProgramPageModel(db, workflow, authorization, s)
{
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        // Written to a temporary file first, so a failure is an error page rather than a cut-off download.
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await exporter.WriteAsync(file, Doc, Actor, ct);
        file.Position = 0;
        return File(file, "application/zip", $"{Draft.Slug}.program.zip");
    }
}
