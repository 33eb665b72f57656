using System.Security.Claims;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Manage;

/// <summary>One problem of an imported FHIR file as a person reads it: where, what kind (localized), and the SDK's words.</summary>
public sealed record FhirProblem(string Path, string Code, string Detail);

/// <summary>
/// Importing a FHIR R4 Questionnaire into a program's draft, shared by the manager page and the management API: all or
/// nothing — any problem the SDK's parser, its validator or our reading finds leaves the draft untouched.
/// </summary>
public static class QuestionnaireFhirImport
{
    /// <summary>Largest file taken in: far above any real questionnaire, far below what could tire the parser.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>Same id replaces (a round trip from another tool); a new id is added at the end.</summary>
    public static ProgramContent Merge(ProgramContent program, QuestionnaireDefinition questionnaire) => program with
    {
        Questionnaires = program.Questionnaires.Any(x => x.Id == questionnaire.Id)
            ? [.. program.Questionnaires.Select(x => x.Id == questionnaire.Id ? questionnaire : x)]
            : [.. program.Questionnaires, questionnaire],
    };

    /// <summary>
    /// The kind of problem in the user's language (nb/nn) around the SDK's own English description, which names the
    /// element exactly and has no translation.
    /// </summary>
    public static IReadOnlyList<FhirProblem> Localize(IEnumerable<FhirImportError> errors, IStringLocalizer s) =>
        [.. errors.Select(e => new FhirProblem(e.Path, e.Code, s["FhirProblem-" + e.Code, e.Message].Value))];

    /// <summary><c>POST /api/v1/manage/programs/{id}/questionnaires</c>, body <c>application/fhir+json</c>.</summary>
    public static void MapQuestionnaireImport(this RouteGroupBuilder programs) =>
        programs.MapPost("/{id}/questionnaires", async (string id, HttpContext http, CmsDbContext db, ProgramWorkflow workflow,
            ClaimsPrincipal user, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
        {
            var draft = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
            if (draft is null)
            {
                return Results.Problem(s["FhirImportNoProgram"].Value, statusCode: StatusCodes.Status404NotFound);
            }
            if (http.Request.ContentLength is > MaxBytes)
            {
                return Results.Problem(s["FhirImportTooLarge"].Value, statusCode: StatusCodes.Status413PayloadTooLarge);
            }
            string json;
            using (var reader = new StreamReader(http.Request.Body))
            {
                var buffer = new char[MaxBytes + 1];
                var read = await reader.ReadBlockAsync(buffer, ct);
                if (read > MaxBytes)
                {
                    return Results.Problem(s["FhirImportTooLarge"].Value, statusCode: StatusCodes.Status413PayloadTooLarge);
                }
                json = new string(buffer, 0, read);
            }

            var result = FhirQuestionnaire.Import(json);
            if (!result.Succeeded)
            {
                var problems = Localize(result.Errors, s);
                return Results.Problem(s["FhirImportRefused", problems.Count].Value, statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["code"] = "fhir-invalid", ["problems"] = problems });
            }
            var questionnaire = result.Definition!;
            var content = Merge(ProgramContent.FromJson(draft.DocumentJson), questionnaire);
            int? expected = int.TryParse(http.Request.Headers.IfMatch.ToString().Trim('"', 'W', '/'), out var v) ? v : null;
            var (saved, error) = await workflow.SaveAsync(id, content, expected, user.Identity?.Name ?? "unknown",
                $"imported FHIR questionnaire {questionnaire.Id}", ct);
            if (error is not null)
            {
                return Results.Problem(error.Message, statusCode: error.Code == "conflict" ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["code"] = error.Code });
            }
            http.Response.Headers.ETag = $"\"{saved!.Version}\"";
            return Results.Ok(new { questionnaire = questionnaire.Id, version = saved.Version });
        // No Accepts<T> metadata: the body is read as text and goes through Firely's parser, not the app's JSON binding
        // (whose error format MalformedJsonTests expects of every bound JSON body).
        }).RequireAuthorization(StaffRoles.Editor);
}
