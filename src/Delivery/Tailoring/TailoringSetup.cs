using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Tailoring;

public static class TailoringSetup
{
    /// <summary>
    /// Therapists shape one patient's path: add or hide optional modules in the plan (<see cref="PlanEditor"/>) and open
    /// a therapist-gated module (<see cref="ModuleOpener"/>).
    /// </summary>
    public static WebApplicationBuilder AddTailoring(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PlanEditor>();
        builder.Services.AddScoped<ModuleOpener>();
        return builder;
    }

    public sealed record PlanModule(Guid EnrollmentId, string ModuleId, bool Included);

    /// <summary>PUT /api/staff/enrollments/{id}/plan/modules/{moduleId} adds an optional module to the patient's plan, DELETE hides it.</summary>
    public static RouteGroupBuilder MapTailoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/enrollments/{enrollmentId:guid}/plan").RequireAuthorization(DeliveryRoles.Therapist).WithTags("Staff")
            .RequireSameOrigin(CrossSiteProof.Token<SharedResource>("SessionExpiredReload"));
        api.MapPut("/modules/{moduleId}", (Guid enrollmentId, string moduleId, HttpContext http, PlanEditor editor,
            IStringLocalizer<SharedResource> s, CancellationToken ct) => SetAsync(enrollmentId, moduleId, true, http, editor, s, ct)).DisableAntiforgery();
        api.MapDelete("/modules/{moduleId}", (Guid enrollmentId, string moduleId, HttpContext http, PlanEditor editor,
            IStringLocalizer<SharedResource> s, CancellationToken ct) => SetAsync(enrollmentId, moduleId, false, http, editor, s, ct)).DisableAntiforgery();
        return api;
    }

    private static async Task<Results<Ok<PlanModule>, ProblemHttpResult>> SetAsync(Guid enrollmentId, string moduleId, bool included,
        HttpContext http, PlanEditor editor, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
        await editor.SetAsync(PatientEnrollments.UserId(http.User)!, enrollmentId, moduleId, included, ct) switch
        {
            PlanOutcome.Changed or PlanOutcome.Unchanged => TypedResults.Ok(new PlanModule(enrollmentId, moduleId, included)),
            PlanOutcome.Required => TypedResults.Problem(s["PlanModuleRequired"], statusCode: StatusCodes.Status400BadRequest),
            PlanOutcome.NotInCareTeam => TypedResults.Problem(s["PlanNotInCareTeam"], statusCode: StatusCodes.Status403Forbidden),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound),
        };
}
