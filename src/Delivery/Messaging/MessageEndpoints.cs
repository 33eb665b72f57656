using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Realtime;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Messaging;

public sealed record SendMessageRequest(string? Body, Guid ClientId);

public sealed record MarkReadRequest(long UpTo);

public sealed record UnreadCount(Guid EnrollmentId, int Count);

/// <summary>
/// The message API for the page scripts (and anything else that is not a browser form): one thread by enrollment, for the
/// patient or a member of the care team. Everything the hub offers is here too, so a client without a live connection
/// loses nothing. Posts carry the antiforgery token in the RequestVerificationToken header.
/// </summary>
public static class MessageEndpoints
{
    public static RouteGroupBuilder MapMessageApi(this IEndpointRouteBuilder app)
    {
        // Patients, and staff past their second factor: a staff session without one gets 403, not an empty list.
        var api = app.MapGroup("/api/messages").RequireAuthorization(DeliveryIdentity.FullySignedIn).WithTags("Messages")
            .RequireSameOrigin(CrossSiteProof.Token<SharedResource>("SessionExpiredReload"));

        api.MapGet("/unread", async (HttpContext http, MessageService messages, CancellationToken ct) =>
            TypedResults.Ok((await messages.UnreadAsync(http.User, ct)).Select(u => new UnreadCount(u.Key, u.Value)).ToList()));

        api.MapGet("/{enrollmentId:guid}", async Task<Results<Ok<List<MessageView>>, ProblemHttpResult>> (Guid enrollmentId, long? after,
            HttpContext http, MessageService messages, CancellationToken ct) =>
            await messages.AccessAsync(http.User, enrollmentId, ct) is { } access
                ? TypedResults.Ok(await messages.ThreadAsync(access, after ?? 0, ct))
                : NotFound());

        api.MapPost("/{enrollmentId:guid}", async Task<Results<Ok<MessageView>, ProblemHttpResult>> (Guid enrollmentId, SendMessageRequest request,
            HttpContext http, MessageService messages, IStringLocalizer<SharedResource> s, CancellationToken ct) =>
        {
            if (await messages.AccessAsync(http.User, enrollmentId, ct) is not { } access)
            {
                return NotFound();
            }
            var result = await messages.SendAsync(access, request.Body, request.ClientId, ct);
            return result.Problem switch
            {
                SendProblem.Empty => TypedResults.Problem(s["MessageEmpty"], statusCode: StatusCodes.Status400BadRequest),
                SendProblem.TooLong => TypedResults.Problem(s["MessageTooLong", Message.MaxLength], statusCode: StatusCodes.Status400BadRequest),
                _ => TypedResults.Ok(result.Message!),
            };
        }).DisableAntiforgery(); // checked by the group's cross-site guard from the header, so a failure is a localized ProblemDetails

        api.MapPost("/{enrollmentId:guid}/read", async Task<Results<Ok<ReadReceipt>, NoContent, ProblemHttpResult>> (Guid enrollmentId,
            MarkReadRequest request, HttpContext http, MessageService messages, CancellationToken ct) =>
        {
            if (await messages.AccessAsync(http.User, enrollmentId, ct) is not { } access)
            {
                return NotFound();
            }
            return await messages.MarkReadAsync(access, request.UpTo, ct) is { } receipt ? TypedResults.Ok(receipt) : TypedResults.NoContent();
        }).DisableAntiforgery();
        return api;
    }

    /// <summary>The same answer for "someone else's" and "does not exist".</summary>
    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);
}
