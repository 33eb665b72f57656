using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentPlatform.Delivery.Tailoring;

public static class OpenModuleEndpoint
{
    /// <summary>POST /api/staff/enrollments/{id}/modules/{moduleId}/open: see <see cref="ModuleOpener"/>.</summary>
    public static RouteGroupBuilder MapOpenModuleApi(this IEndpointRouteBuilder app)
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
        return api;
    }
}
