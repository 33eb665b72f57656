using System.Text.RegularExpressions;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Manage;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ContentPlatform.Contract.Text;

namespace ContentPlatform.Cms.Pages.Programs;

public sealed partial class QuestionnairesModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization, IStringLocalizer<SharedResource> s)
    : ProgramPageModel(db, workflow, authorization, s)
{
    public IReadOnlyList<FhirProblem> FhirErrors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCreateAsync(string id, string? qid, int version)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!CanEdit)
        {
            return Forbidden();
        }
        qid = qid?.Trim().ToLowerInvariant() ?? "";
        if (!IdPattern().IsMatch(qid) || Doc.Questionnaires.Any(q => q.Id == qid))
        {
            Error = S["QuestionnaireIdInvalid"];
            return Page();
        }
        var title = new LocalizedText(Doc.Languages.Select(l => KeyValuePair.Create(l, TextInput.Line(Request.Form[$"title.{l}"].ToString()))).Where(kv => kv.Value.Length > 0));
        var q = new QuestionnaireDefinition { Id = qid, Title = title };
        return await SaveAsync(Doc with { Questionnaires = [.. Doc.Questionnaires, q] }, version, $"added questionnaire {qid}",
            () => Redirect($"/programs/{id}/questionnaires/{qid}"), () => Task.FromResult<IActionResult>(Page()));
    }

    public async Task<IActionResult> OnPostFhirAsync(string id, IFormFile? file, int version)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!CanEdit)
        {
            return Forbidden();
        }
        if (file is null || file.Length is 0 or > QuestionnaireFhirImport.MaxBytes)
        {
            Error = S["PackageMissing"];
            return Page();
        }
        using var reader = new StreamReader(file.OpenReadStream());
        var result = FhirQuestionnaire.Import(await reader.ReadToEndAsync());
        if (!result.Succeeded)
        {
            FhirErrors = QuestionnaireFhirImport.Localize(result.Errors, S);
            return Page();
        }
        var q = result.Definition!;
        return await SaveAsync(QuestionnaireFhirImport.Merge(Doc, q), version, $"imported FHIR questionnaire {q.Id}",
            () => Redirect($"/programs/{id}/questionnaires/{q.Id}"), () => Task.FromResult<IActionResult>(Page()));
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex IdPattern();
}
