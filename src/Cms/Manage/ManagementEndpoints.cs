using System.Security.Claims;
using ContentPlatform.Cms.ContentApi;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Cms.Programs.Changes;
using ContentPlatform.Platform.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Manage;

public sealed record ProgramListItem(string Id, string Slug, string State, int Version, int LatestRevision, int LatestRelease,
    DateTimeOffset UpdatedAt, string UpdatedBy, DateTimeOffset? ScheduledPublishAt, bool Withdrawn);

public sealed record ProgramDocument(string Id, int Version, string State, int LatestRevision, int LatestRelease, string? ReviewComment,
    ProgramContent Content);

public sealed record CommentBody(string? Comment);

public sealed record PublishBody(DateTimeOffset? At);

public sealed record AcceptTranslationBody(string Key, string Language);

public sealed record RevisionItem(int Number, string Author, DateTimeOffset CreatedAt, string Summary);

/// <summary>
/// The management API behind the manager UI and automation: staff cookie authentication, a role check on every call
/// (editor writes, reviewer signs off and publishes, admin withdraws). Cross-site requests are refused: cookies are
/// SameSite=Lax and unsafe methods must come from our own origin.
/// </summary>
public static class ManagementEndpoints
{
    public static RouteGroupBuilder MapManagementApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/manage").RequireAuthorization(StaffIdentity.StaffPolicy).WithTags("Management API")
            .RequireSameOrigin(CrossSiteProof.None);
        var programs = api.MapGroup("/programs");

        programs.MapGet("/", async (CmsDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.Programs.AsNoTracking().OrderBy(p => p.Slug).Select(p => new ProgramListItem(
                p.Id, p.Slug, p.State.ToString(), p.Version, p.LatestRevision, p.LatestRelease, p.UpdatedAt, p.UpdatedBy,
                p.ScheduledPublishAt, p.WithdrawnAt != null)).ToListAsync(ct)));

        programs.MapPost("/", async (ProgramContent content, ProgramWorkflow workflow, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (draft, error) = await workflow.CreateAsync(content, Actor(user), ct);
            return error is null ? Results.Created($"/api/v1/manage/programs/{draft!.Id}", ToDocument(draft)) : Problem(error);
        }).RequireAuthorization(StaffRoles.Editor);

        programs.MapGet("/{id}", async (string id, CmsDbContext db, HttpContext http, CancellationToken ct) =>
        {
            var draft = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
            if (draft is null)
            {
                return NotFound(id);
            }
            http.Response.Headers.ETag = $"\"{draft.Version}\"";
            return Results.Ok(ToDocument(draft));
        });

        programs.MapPut("/{id}", async (string id, ProgramContent content, HttpContext http, ProgramWorkflow workflow,
            ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (draft, error) = await workflow.SaveAsync(id, content, ExpectedVersion(http), Actor(user), ct: ct);
            if (error is not null)
            {
                return Problem(error);
            }
            http.Response.Headers.ETag = $"\"{draft!.Version}\"";
            return Results.Ok(ToDocument(draft));
        }).RequireAuthorization(StaffRoles.Editor);

        programs.MapGet("/{id}/validation", async (string id, CmsDbContext db, ProgramWorkflow workflow, CancellationToken ct) =>
            await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } draft
                ? Results.Ok(workflow.Validate(draft).Select(ToJson))
                : NotFound(id));

        programs.MapPost("/{id}/translations/accept", async (string id, AcceptTranslationBody body, ProgramWorkflow workflow,
            ClaimsPrincipal user, CancellationToken ct) =>
            Result(await workflow.AcceptTranslationAsync(id, body.Key, body.Language, Actor(user), ct)))
            .RequireAuthorization(StaffRoles.Editor);

        programs.MapPost("/{id}/submit", async (string id, ProgramWorkflow workflow, ClaimsPrincipal user, CancellationToken ct) =>
            Result(await workflow.SubmitAsync(id, Actor(user), ct))).RequireAuthorization(StaffRoles.Editor);

        programs.MapPost("/{id}/send-back", async (string id, CommentBody body, ProgramWorkflow workflow, ClaimsPrincipal user, CancellationToken ct) =>
            Result(await workflow.SendBackAsync(id, body.Comment ?? "", Actor(user), ct))).RequireAuthorization(StaffRoles.Reviewer);

        programs.MapPost("/{id}/approve", async (string id, CommentBody? body, ProgramWorkflow workflow, ClaimsPrincipal user,
            IStringLocalizer<SharedResource> s, CancellationToken ct) =>
            await workflow.ApproveAsync(id, body?.Comment, Actor(user), ct) is { } error
                // Four eyes is a rule people meet in their work, so its refusal reads in their language (nb/nn).
                ? Problem(error, error.Code == "self-approval" ? s["Workflow_self-approval", [.. error.Arguments]].Value : null)
                : Results.NoContent()).RequireAuthorization(StaffRoles.Reviewer);

        programs.MapPost("/{id}/publish", async (string id, PublishBody? body, ProgramWorkflow workflow, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (release, error) = await workflow.PublishAsync(id, Actor(user), body?.At, ct);
            return error is not null ? Problem(error)
                : release is null ? Results.Accepted(value: new { scheduledAt = body?.At })
                : Results.Ok(new { release = release.Number, release.ContentHash, release.PublishedAt });
        }).RequireAuthorization(StaffRoles.Reviewer);

        programs.MapPost("/{id}/withdraw", async (string id, ProgramWorkflow workflow, ClaimsPrincipal user, CancellationToken ct) =>
            Result(await workflow.WithdrawAsync(id, Actor(user), ct))).RequireAuthorization(StaffRoles.Admin);

        programs.MapGet("/{id}/revisions", async (string id, CmsDbContext db, CancellationToken ct) =>
            Results.Ok(await db.Revisions.AsNoTracking().Where(r => r.ProgramId == id).OrderByDescending(r => r.Number)
                .Select(r => new RevisionItem(r.Number, r.Author, r.CreatedAt, r.Summary)).ToListAsync(ct)));

        programs.MapGet("/{id}/revisions/{number:int}", async (string id, int number, CmsDbContext db, CancellationToken ct) =>
            await db.Revisions.AsNoTracking().Where(r => r.ProgramId == id && r.Number == number).Select(r => r.DocumentJson)
                .FirstOrDefaultAsync(ct) is { } json
                ? Results.Content(json, "application/json; charset=utf-8")
                : NotFound($"{id} revision {number}"));

        programs.MapGet("/{id}/diff", async (string id, int from, int to, CmsDbContext db, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
        {
            var docs = await db.Revisions.AsNoTracking().Where(r => r.ProgramId == id && (r.Number == from || r.Number == to))
                .ToDictionaryAsync(r => r.Number, r => r.DocumentJson, ct);
            if (!docs.TryGetValue(from, out var a) || !docs.TryGetValue(to, out var b))
            {
                return NotFound($"{id} revisions {from}/{to}");
            }
            return Results.Ok(ProgramChanges.Compare(ProgramContent.FromJson(a), ProgramContent.FromJson(b))
                .Select(c => ChangeItem.From(c, s)).ToList());
        });

        programs.MapPost("/{id}/revisions/{number:int}/restore", async (string id, int number, ProgramWorkflow workflow,
            ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (draft, error) = await workflow.RestoreAsync(id, number, Actor(user), ct);
            return error is null ? Results.Ok(ToDocument(draft!)) : Problem(error);
        }).RequireAuthorization(StaffRoles.Editor);

        programs.MapGet("/{id}/questionnaires/{questionnaireId}/fhir", async (string id, string questionnaireId, CmsDbContext db, CancellationToken ct) =>
        {
            var json = await db.Programs.AsNoTracking().Where(p => p.Id == id).Select(p => p.DocumentJson).FirstOrDefaultAsync(ct);
            var content = json is null ? null : ProgramContent.FromJson(json);
            var questionnaire = content?.Questionnaires.FirstOrDefault(q => q.Id == questionnaireId);
            return questionnaire is null
                ? NotFound($"{id} questionnaire {questionnaireId}")
                : Results.Content(FhirQuestionnaire.Export(questionnaire, content!.SourceLanguage,
                    FhirUrls.QuestionnaireCanonical(id, questionnaireId, null)), "application/fhir+json; charset=utf-8");
        });
        programs.MapQuestionnaireImport();

        programs.MapPost("/{id}/preview-token", (string id, PreviewTokens tokens) =>
            Results.Ok(new { token = tokens.Issue(id), expiresIn = PreviewTokens.Lifetime.TotalSeconds }))
            .RequireAuthorization(StaffRoles.Editor);
        return api;
    }

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    /// <summary>If-Match: "7" → 7. Without it the save is unconditional (automation that owns the program).</summary>
    private static int? ExpectedVersion(HttpContext http) =>
        int.TryParse(http.Request.Headers.IfMatch.ToString().Trim('"', 'W', '/'), out var v) ? v : null;

    private static ProgramDocument ToDocument(ProgramDraft d) => new(d.Id, d.Version, d.State.ToString(), d.LatestRevision,
        d.LatestRelease, d.ReviewComment, ProgramContent.FromJson(d.DocumentJson));

    private static object ToJson(ContentProblem p) => new { code = p.Code, path = p.Path, location = p.Location, detail = p.Detail };

    private static IResult Result(WorkflowError? error) => error is null ? Results.NoContent() : Problem(error);

    private static IResult Problem(WorkflowError error, string? localizedDetail = null) => Results.Problem(
        detail: localizedDetail ?? error.Message,
        statusCode: error.Code switch
        {
            "not-found" => StatusCodes.Status404NotFound,
            "conflict" or "duplicate-slug" or "duplicate-id" => StatusCodes.Status409Conflict,
            "wrong-state" or "not-approved" => StatusCodes.Status409Conflict,
            "self-approval" => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        },
        extensions: new Dictionary<string, object?>
        {
            ["code"] = error.Code,
            ["problems"] = error.Problems?.Select(ToJson).ToList(),
        });

    private static IResult NotFound(string what) => Results.Problem($"Not found: {what}.", statusCode: StatusCodes.Status404NotFound);

}
