using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Answers;

/// <summary>
/// Autosave from the page script: the fields of one block as JSON, each with the browser's sequence number for it
/// (higher for every newer save; absent from older scripts, which then always write).
/// </summary>
public sealed record AutosaveRequest(string BlockId, int Release, Dictionary<string, string> Fields, Dictionary<string, long>? Sequences = null);

/// <summary><paramref name="Sequences"/>: the highest sequence now stored for each field sent.</summary>
public sealed record AutosaveResponse(bool Saved, int Release, string? Message, IReadOnlyDictionary<string, long> Sequences);

public static class AnswerEndpoints
{
    /// <summary>
    /// POST /api/my/enrollments/{id}/answers. The antiforgery token travels in the RequestVerificationToken header. Another
    /// patient's enrollment is 404 (as if it did not exist), a locked module 403, over-long text 400 with a localized
    /// message; the script keeps the text in the browser until a 200 arrives. A save whose sequence number for a field is
    /// not newer than the stored one is 409 with "stale" and the stored numbers (extension "sequences"), and writes nothing.
    /// </summary>
    public static RouteGroupBuilder MapAnswerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/my/enrollments/{enrollmentId:guid}").RequireAuthorization(DeliveryRoles.Patient).WithTags("Patient answers")
            .RequireSameOrigin(CrossSiteProof.Token<SharedResource>("SessionExpiredReload"));
        api.MapPost("/answers", async Task<Results<Ok<AutosaveResponse>, ProblemHttpResult>> (Guid enrollmentId, AutosaveRequest request,
            HttpContext http, PatientEnrollments enrollments, AnswerService answers,
            IStringLocalizer<SharedResource> s, CancellationToken ct) =>
        {
            if (await enrollments.FindAsync(http.User, enrollmentId, ct) is not { } program)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);
            }
            var (outcome, sequences) = await answers.SaveAsync(program, request.BlockId, request.Fields ?? [], request.Release,
                PageComposer.Language, ct, request.Sequences);
            return outcome switch
            {
                SaveOutcome.Saved => TypedResults.Ok(new AutosaveResponse(true, program.Release.Number, null, sequences)),
                SaveOutcome.SavedFromOlderRelease => TypedResults.Ok(new AutosaveResponse(true, program.Release.Number, s["SavedAfterNewRelease"], sequences)),
                SaveOutcome.Stale => TypedResults.Problem(s["AnswerStale"], statusCode: StatusCodes.Status409Conflict,
                    extensions: new Dictionary<string, object?> { ["sequences"] = sequences }),
                SaveOutcome.TooLong => TypedResults.Problem(s["AnswerTooLong", AnswerService.MaxLength], statusCode: StatusCodes.Status400BadRequest),
                SaveOutcome.ModuleLocked => TypedResults.Problem(s["ModuleLockedSave"], statusCode: StatusCodes.Status403Forbidden),
                _ => TypedResults.Problem(s["BlockGone"], statusCode: StatusCodes.Status404NotFound),
            };
        }).DisableAntiforgery(); // validated by the group's cross-site guard, from the header, so the failure is a localized ProblemDetails
        return api;
    }
}
