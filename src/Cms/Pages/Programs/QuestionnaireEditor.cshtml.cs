using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Editing;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>
/// Items, the shared answer scale, sub-scales, severity bands and alert rules in one form; "try it" scores a chosen set of
/// answers with the same scorer Delivery uses; FHIR R4 export.
/// </summary>
public sealed class QuestionnaireEditorModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization, IStringLocalizer<SharedResource> s)
    : ProgramPageModel(db, workflow, authorization, s)
{
    public static readonly IReadOnlyList<FormField> Fields = ContentForm.Describe(typeof(QuestionnaireDefinition));

    public QuestionnaireDefinition Definition { get; private set; } = null!;
    public JsonObject Value { get; private set; } = [];
    public int FormVersion { get; private set; }
    public List<string> Errors { get; } = [];
    public Dictionary<string, int> Answers { get; } = new(StringComparer.Ordinal);
    public QuestionnaireScore? Score { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string qid)
    {
        if (!await LoadQuestionnaireAsync(id, qid))
        {
            return NotFound();
        }
        foreach (var item in Definition.Items)
        {
            if (int.TryParse(Request.Query[$"a-{item.Id}"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                Answers[item.Id] = v;
            }
        }
        if (Request.Query.Keys.Any(k => k.StartsWith("a-", StringComparison.Ordinal)))
        {
            Score = QuestionnaireScorer.Score(Definition, Answers);
        }
        return Page();
    }

    public async Task<IActionResult> OnGetFhirAsync(string id, string qid) =>
        await LoadQuestionnaireAsync(id, qid)
            ? File(Encoding.UTF8.GetBytes(FhirQuestionnaire.Export(Definition, Doc.SourceLanguage, FhirUrls.QuestionnaireCanonical(id, qid, null))), "application/fhir+json", $"{qid}.fhir.json")
            : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, string qid, int version)
    {
        if (!await LoadQuestionnaireAsync(id, qid))
        {
            return NotFound();
        }
        if (!CanEdit)
        {
            return Forbidden();
        }
        var errors = new List<FormError>();
        Value = ContentForm.Read(Fields, Request.Form, "q", Value, Doc.Languages, errors);
        Value["id"] = qid;
        FormVersion = version;
        Errors.AddRange(errors.Select(e => (string)S[e.Message == "number" ? "ErrorNumber" : "ErrorChoice", FieldLabel(e.Field)]));
        if (Value["title"] is not JsonObject { Count: > 0 })
        {
            Errors.Add(S["TitleRequired"]); // only invisible characters were typed: the rule makes that no title at all
        }
        QuestionnaireDefinition? changed = null;
        if (Errors.Count == 0)
        {
            try
            {
                changed = Value.Deserialize<QuestionnaireDefinition>(ContractJson.Options);
            }
            catch (JsonException e)
            {
                Errors.Add(S["QuestionnaireInvalid", e.Path ?? ""]);
            }
        }
        if (changed is null)
        {
            return Page();
        }
        var program = Doc with { Questionnaires = Doc.Questionnaires.Select(q => q.Id == qid ? changed : q).ToList() };
        return await SaveAsync(program, version, $"edited questionnaire {qid}", () => Redirect($"/programs/{id}/questionnaires/{qid}"), async () =>
        {
            await LoadQuestionnaireAsync(id, qid);
            return Page();
        });
    }

    /// <summary>"q.items[1].kind" → the field's label ("Type") when there is one, so the error names what the editor sees.</summary>
    private string FieldLabel(string key) =>
        S["Field_" + key[(key.LastIndexOf('.') + 1)..]] is { ResourceNotFound: false } label ? label.Value : key;

    private async Task<bool> LoadQuestionnaireAsync(string id, string qid)
    {
        if (!await LoadAsync(id) || Doc.Questionnaires.FirstOrDefault(q => q.Id == qid) is not { } q)
        {
            return false;
        }
        Definition = q;
        Value = JsonSerializer.SerializeToNode(q, ContractJson.Options)!.AsObject();
        FormVersion = Draft.Version;
        return true;
    }
}
