using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Reading;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Answers;

/// <summary>Autosave from the page script: the fields of one block as JSON.</summary>
public sealed record AutosaveRequest(string BlockId, int Release, Dictionary<string, string> Fields);

public sealed record AutosaveResponse(bool Saved, int Release, string? Message);

public static class AnswerEndpoints
{
    /// <summary>
    /// POST /api/my/enrollments/{id}/answers. The antiforgery token travels in the RequestVerificationToken header. Another
    /// patient's enrollment is 404 (as if it did not exist), a locked module 403, over-long text 400 with a localized
    /// message; the script keeps the text in the browser until a 200 arrives.
    /// </summary>
    public static RouteGroupBuilder MapAnswerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/my/enrollments/{enrollmentId:guid}").RequireAuthorization(DeliveryRoles.Patient).WithTags("Patient answers");
        api.MapPost("/answers", async Task<Results<Ok<AutosaveResponse>, ProblemHttpResult>> (Guid enrollmentId, AutosaveRequest request,
            HttpContext http, IAntiforgery antiforgery, PatientEnrollments enrollments, AnswerService answers,
            IStringLocalizer<SharedResource> s, CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem(s["SessionExpiredReload"], statusCode: StatusCodes.Status400BadRequest);
            }
            if (await enrollments.FindAsync(http.User, enrollmentId, ct) is not { } program)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);
            }
            var outcome = await answers.SaveAsync(program, request.BlockId, request.Fields ?? [], request.Release, PageComposer.Language, ct);
            return outcome switch
            {
                SaveOutcome.Saved => TypedResults.Ok(new AutosaveResponse(true, program.Release.Number, null)),
                SaveOutcome.SavedFromOlderRelease => TypedResults.Ok(new AutosaveResponse(true, program.Release.Number, s["SavedAfterNewRelease"])),
                SaveOutcome.TooLong => TypedResults.Problem(s["AnswerTooLong", AnswerService.MaxLength], statusCode: StatusCodes.Status400BadRequest),
                SaveOutcome.ModuleLocked => TypedResults.Problem(s["ModuleLockedSave"], statusCode: StatusCodes.Status403Forbidden),
                _ => TypedResults.Problem(s["BlockGone"], statusCode: StatusCodes.Status404NotFound),
            };
        }).DisableAntiforgery(); // validated above, from the header, so the failure is a localized ProblemDetails
        return api;
    }
}
