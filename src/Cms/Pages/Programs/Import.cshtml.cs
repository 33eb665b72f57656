using ContentPlatform.Cms.Identity;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Changes;
using ContentPlatform.Cms.Programs.Editing;
using ContentPlatform.Cms.Transfer.Packages;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>
/// Import a program package in two steps: "check" stores the upload and says what will be created or changed (program
/// and media); "apply" takes it in, all or nothing. The stored upload is the uploader's only and is removed when applied.
/// </summary>
[Authorize(Policy = StaffRoles.Editor)]
[RequestSizeLimit(MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes)]
public sealed class ImportModel(PackageImporter importer, PackageStaging staging, IStringLocalizer<SharedResource> s) : PageModel
{
    /// <summary>A program with its videos; the media library's own per-file limits still apply to each file inside.</summary>
    public const long MaxBytes = 4L * 1024 * 1024 * 1024;

    public string? Error { get; private set; }
    public PackagePlan? Plan { get; private set; }
    public string? Staged { get; private set; }
    public IReadOnlyList<ProgramChange>? Changes { get; private set; }
    public (int Modules, int Pages, int Blocks, int Questionnaires) Counts { get; private set; }
    public int ProblemCount { get; private set; }

    private string Actor => User.Identity?.Name ?? "unknown";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Error = s["PackageMissing"];
            return Page();
        }
        await using var upload = file.OpenReadStream();
        var id = await staging.StageAsync(upload, Actor, ct);
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string? staged, int? version, CancellationToken ct)
    {
        if (staging.Find(staged, Actor) is not { } path)
        {
            Error = s["PackageExpired"];
            return Page();
        }
        var outcome = await importer.ApplyAsync(path, Actor, version, ct);
        if (outcome.Draft is null)
        {
            await LoadAsync(staged!, ct);
            Error = outcome.Error!.StartsWith("workflow-", StringComparison.Ordinal)
                ? s["Workflow_" + outcome.Error["workflow-".Length..]]
                : s["Package_" + outcome.Error, outcome.Detail ?? ""];
            return Page();
        }
        staging.Remove(staged!);
        TempData["Message"] = s["ImportApplied"].Value;
        return Redirect($"/programs/{outcome.Draft.Id}");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        ProgramPackage? package;
        string? error, detail;
        await using (var input = System.IO.File.OpenRead(staging.Find(id, Actor)!))
        {
            (package, error, detail) = ProgramPackage.Read(input);
        }
        if (package is null)
        {
            staging.Remove(id);
            Error = s["Package_" + error, detail ?? ""];
            return false;
        }
        Staged = id;
        Plan = await importer.PlanAsync(package, ct);
        var p = package.Program;
        Counts = (p.Modules.Count, p.Modules.Sum(m => m.Pages.Count), p.AllBlocks().Count(), p.Questionnaires.Count);
        ProblemCount = PublishValidator.Validate(p, new TranslationLog()).Count;
        if (Plan.Existing is not null)
        {
            Changes = ProgramChanges.Compare(ProgramContent.FromJson(Plan.Existing.DocumentJson), p);
        }
        return true;
    }
}
