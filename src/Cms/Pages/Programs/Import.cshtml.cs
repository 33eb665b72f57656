using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Editing;
using ContentPlatform.Cms.Programs.Sharing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>Import a program package in two steps: a dry run that says what will be created or changed, then apply.</summary>
[Authorize(Policy = StaffRoles.Editor)]
public sealed class ImportModel(CmsDbContext db, ProgramWorkflow workflow, IStringLocalizer<SharedResource> s) : PageModel
{
    private const long MaxBytes = 10 * 1024 * 1024;

    public string? Error { get; private set; }
    public ProgramPackage? Package { get; private set; }
    public string Json { get; private set; } = "";
    public ProgramDraft? Existing { get; private set; }
    public IReadOnlyList<ContentChange>? Changes { get; private set; }
    public (int Modules, int Pages, int Blocks, int Questionnaires) Counts { get; private set; }
    public int ProblemCount { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            Error = s["PackageMissing"];
            return Page();
        }
        if (file.Length > MaxBytes)
        {
            Error = s["PackageTooLarge"];
            return Page();
        }
        using var reader = new StreamReader(file.OpenReadStream());
        await LoadAsync(await reader.ReadToEndAsync());
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string? package, int? version)
    {
        if (!await LoadAsync(package ?? ""))
        {
            return Page();
        }
        var program = Package!.Program;
        var actor = User.Identity?.Name ?? "unknown";
        var (draft, error) = Existing is null
            ? await workflow.CreateAsync(program, actor)
            : await workflow.SaveAsync(program.Id, program, version, actor, "imported package");
        if (error is not null)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(package!);
            Error = s["Workflow_" + error.Code];
            return Page();
        }
        TempData["Message"] = s["ImportApplied"].Value;
        return Redirect($"/programs/{draft!.Id}");
    }

    private async Task<bool> LoadAsync(string json)
    {
        var (package, error, detail) = ProgramPackage.Parse(json);
        if (package is null)
        {
            Error = s["Package_" + error, detail ?? ""];
            return false;
        }
        Package = package;
        Json = json;
        var p = package.Program;
        Counts = (p.Modules.Count, p.Modules.Sum(m => m.Pages.Count), p.AllBlocks().Count(), p.Questionnaires.Count);
        ProblemCount = PublishValidator.Validate(p, new TranslationLog()).Count;
        Existing = await db.Programs.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p.Id);
        if (Existing is not null)
        {
            Changes = ContentDiff.Compare(ProgramWorkflow.Deserialize(Existing.DocumentJson), p);
        }
        return true;
    }
}
