using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Progress;

public sealed record ModuleOpened(Guid EnrollmentId, string ModuleId, DateTimeOffset OpenedAt);

public static class StaffEndpoints
{
    /// <summary>
    /// POST /api/staff/enrollments/{id}/modules/{moduleId}/open: a therapist opens a module (therapist-gated programs).
    /// Idempotent. Only a member of the enrollment's care team may; anyone else gets the same 404 as for a missing one.
    /// </summary>
    public static RouteGroupBuilder MapStaffProgressApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/enrollments/{enrollmentId:guid}").RequireAuthorization(DeliveryRoles.Therapist).WithTags("Staff");
        api.MapPost("/modules/{moduleId}/open", async Task<Results<Ok<ModuleOpened>, ProblemHttpResult>> (Guid enrollmentId, string moduleId,
            HttpContext http, IAntiforgery antiforgery, DeliveryDbContext db, CareTeamAccess careTeams, DeliveryWriteGate gate, ReleaseStore releases, TimeProvider clock,
            CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem("Missing or invalid antiforgery token (RequestVerificationToken header).", statusCode: 400);
            }
            var staffId = PatientEnrollments.UserId(http.User)!;
            var enrollment = await careTeams.CanSeeAsync(staffId, enrollmentId, ct)
                ? await db.Enrollments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == enrollmentId, ct)
                : null;
            var release = enrollment is null ? null : await releases.LatestAsync(enrollment.ProgramId, ct);
            if (release is null || release.Content.Modules.All(m => m.Id != moduleId))
            {
                return TypedResults.Problem("No such enrollment or module.", statusCode: 404);
            }
            using (await gate.EnterAsync(ct))
            {
                var existing = await db.ModuleOpenings.AsNoTracking().FirstOrDefaultAsync(o => o.EnrollmentId == enrollmentId && o.ModuleId == moduleId, ct);
                if (existing is not null)
                {
                    return TypedResults.Ok(new ModuleOpened(enrollmentId, moduleId, existing.OpenedAt));
                }
                var opening = new ModuleOpening
                {
                    EnrollmentId = enrollmentId, ModuleId = moduleId, OpenedBy = staffId, OpenedAt = clock.GetUtcNow(),
                };
                db.ModuleOpenings.Add(opening);
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(new ModuleOpened(enrollmentId, moduleId, opening.OpenedAt));
            }
        }).DisableAntiforgery();
        return api;
    }
}
