using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Progress;

public static class StaffEndpoints
{
    /// <summary>POST /api/staff/enrollments/{id}/modules/{moduleId}/open: see <see cref="ModuleOpener"/>.</summary>
    public static RouteGroupBuilder MapStaffProgressApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/enrollments/{enrollmentId:guid}").RequireAuthorization(DeliveryRoles.Therapist).WithTags("Staff")
            .RequireSameOrigin(CrossSiteProof.Token<SharedResource>("SessionExpiredReload"));
        api.MapPost("/modules/{moduleId}/open", async Task<Results<Ok<ModuleOpened>, ProblemHttpResult>> (Guid enrollmentId, string moduleId,
            HttpContext http, ModuleOpener opener, CancellationToken ct) =>
        {
            return await opener.OpenAsync(PatientEnrollments.UserId(http.User)!, enrollmentId, moduleId, ct) is { } opened
                ? TypedResults.Ok(opened)
                : TypedResults.Problem("No such enrollment or module.", statusCode: 404);
        }).DisableAntiforgery();
        // PUT adds an optional module to the patient's plan, DELETE hides it (PlanEditor).
        api.MapPut("/plan/modules/{moduleId}", (Guid enrollmentId, string moduleId, HttpContext http, PlanEditor editor,
            IStringLocalizer<SharedResource> s, CancellationToken ct) => SetPlanAsync(enrollmentId, moduleId, true, http, editor, s, ct)).DisableAntiforgery();
        api.MapDelete("/plan/modules/{moduleId}", (Guid enrollmentId, string moduleId, HttpContext http, PlanEditor editor,
            IStringLocalizer<SharedResource> s, CancellationToken ct) => SetPlanAsync(enrollmentId, moduleId, false, http, editor, s, ct)).DisableAntiforgery();
        return api;
    }

    public sealed record PlanModule(Guid EnrollmentId, string ModuleId, bool Included);

    private static async Task<Results<Ok<PlanModule>, ProblemHttpResult>> SetPlanAsync(Guid enrollmentId, string moduleId, bool included,
        HttpContext http, PlanEditor editor, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
        await editor.SetAsync(PatientEnrollments.UserId(http.User)!, enrollmentId, moduleId, included, ct) switch
        {
            PlanOutcome.Changed or PlanOutcome.Unchanged => TypedResults.Ok(new PlanModule(enrollmentId, moduleId, included)),
            PlanOutcome.Required => TypedResults.Problem(s["PlanModuleRequired"], statusCode: StatusCodes.Status400BadRequest),
            PlanOutcome.NotInCareTeam => TypedResults.Problem(s["PlanNotInCareTeam"], statusCode: StatusCodes.Status403Forbidden),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound),
        };
}
