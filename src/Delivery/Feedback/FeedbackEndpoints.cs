using ContentPlatform.Contract.Feedback;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Feedback;

/// <summary>The page script's request: the same fields as the form at the foot of the page. Useful null removes the answer.</summary>
public sealed record PageFeedbackRequest(string ModuleId, string PageId, bool? Useful, string? Comment, bool Remove = false);

public sealed record PageFeedbackResponse(bool? Useful, string? Comment, string Message);

public static class FeedbackEndpoints
{
    /// <summary>
    /// POST /api/my/enrollments/{id}/feedback (the page script; the form at the foot of each page posts the same to the
    /// page without JavaScript). Antiforgery token in the RequestVerificationToken header. Another patient's enrollment is
    /// 404; a page not in the program, no answer or a comment over the limit is 400 with a localized detail and stores nothing.
    /// </summary>
    public static RouteHandlerBuilder MapPageFeedbackApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/my/enrollments/{enrollmentId:guid}/feedback", async Task<Results<Ok<PageFeedbackResponse>, ProblemHttpResult>> (
            Guid enrollmentId, PageFeedbackRequest request, HttpContext http, PatientEnrollments enrollments, PageFeedbackService feedback,
            IStringLocalizer<SharedResource> s, CancellationToken ct) =>
        {
            if (await enrollments.FindAsync(http.User, enrollmentId, ct) is not { } program)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);
            }
            var outcome = request.Remove
                ? (program.Module(request.ModuleId ?? "")?.Module.Pages.Any(p => p.Id == request.PageId) == true
                    ? await feedback.RemoveAsync(program, request.PageId, ct) : FeedbackOutcome.UnknownPage)
                : await feedback.SaveAsync(program, request.ModuleId ?? "", request.PageId ?? "", request.Useful, request.Comment, ct);
            return outcome switch
            {
                FeedbackOutcome.Saved => TypedResults.Ok(new PageFeedbackResponse(request.Useful, PageFeedbackService.Clean(request.Comment),
                    s["FeedbackThanks"])),
                FeedbackOutcome.Removed => TypedResults.Ok(new PageFeedbackResponse(null, null, s["FeedbackRemoved"])),
                _ => TypedResults.Problem(Message(outcome, s), statusCode: StatusCodes.Status400BadRequest),
            };
        }).RequireAuthorization(DeliveryRoles.Patient).WithTags("Patient answers")
        .RequireSameOrigin(CrossSiteProof.Token<SharedResource>("SessionExpiredReload"))
        .DisableAntiforgery(); // validated by the cross-site guard, from the header, so the failure is a localized ProblemDetails

    public static string Message(FeedbackOutcome outcome, IStringLocalizer s) => outcome switch
    {
        FeedbackOutcome.TooLong => s["PageCommentTooLong", FeedbackRules.MaxCommentLength],
        FeedbackOutcome.NoAnswer => s["FeedbackChooseAnswer"],
        FeedbackOutcome.UnknownPage => s["FeedbackUnknownPage"],
        FeedbackOutcome.Removed => s["FeedbackRemoved"],
        _ => s["FeedbackThanks"],
    };
}
