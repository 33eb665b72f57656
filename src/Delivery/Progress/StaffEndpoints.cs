using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentPlatform.Delivery.Progress;

public static class StaffEndpoints
{
    /// <summary>POST /api/staff/enrollments/{id}/modules/{moduleId}/open: see <see cref="ModuleOpener"/>.</summary>
    public static RouteGroupBuilder MapStaffProgressApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/enrollments/{enrollmentId:guid}").RequireAuthorization(DeliveryRoles.Therapist).WithTags("Staff");
        api.MapPost("/modules/{moduleId}/open", async Task<Results<Ok<ModuleOpened>, ProblemHttpResult>> (Guid enrollmentId, string moduleId,
            HttpContext http, IAntiforgery antiforgery, ModuleOpener opener, CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem("Missing or invalid antiforgery token (RequestVerificationToken header).", statusCode: 400);
            }
            return await opener.OpenAsync(PatientEnrollments.UserId(http.User)!, enrollmentId, moduleId, ct) is { } opened
                ? TypedResults.Ok(opened)
                : TypedResults.Problem("No such enrollment or module.", statusCode: 404);
        }).DisableAntiforgery();
        return api;
    }
}
