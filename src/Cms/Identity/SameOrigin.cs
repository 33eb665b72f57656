using Microsoft.AspNetCore.Antiforgery;

namespace ContentPlatform.Cms.Identity;

/// <summary>
/// Cross-site request forgery protection for the cookie-authenticated APIs (management and media), beside SameSite
/// cookies: a request that changes something and names another site in its Origin header is refused with 403. It runs
/// before the endpoint reads its body (it wraps the endpoint's request delegate, which is where minimal APIs bind), so a
/// cross-site request learns nothing about the body it sent: it gets the same refusal whatever the body holds.
/// </summary>
public static class SameOrigin
{
    /// <param name="requireProof">
    /// Also refuse a request without an Origin header unless it carries a valid antiforgery token (header
    /// RequestVerificationToken, as the Cms pages send it). The media API asks for this; the management API also serves
    /// automation that sends neither, and browsers always send Origin on a cross-site POST.
    /// </param>
    public static TBuilder RequireSameOrigin<TBuilder>(this TBuilder builder, bool requireProof) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var inner = endpoint.RequestDelegate;
            if (inner is null)
            {
                return;
            }
            endpoint.RequestDelegate = async http =>
            {
                if (await RefusalAsync(http, requireProof) is { } refusal)
                {
                    await refusal.ExecuteAsync(http);
                    return;
                }
                await inner(http);
            };
        });
        return builder;
    }

    private static async Task<IResult?> RefusalAsync(HttpContext http, bool requireProof)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return null;
        }
        var origin = request.Headers.Origin.ToString();
        if (!string.IsNullOrEmpty(origin))
        {
            // The authority only: behind a proxy that ends TLS the scheme the app sees may differ from the browser's.
            return Uri.TryCreate(origin, UriKind.Absolute, out var uri) &&
                   string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
                ? null
                : Forbidden($"Requests from {origin} may not change anything here.");
        }
        if (!requireProof)
        {
            return null;
        }
        if (request.Headers.ContainsKey("RequestVerificationToken"))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            try
            {
                await antiforgery.ValidateRequestAsync(http);
                return null;
            }
            catch (AntiforgeryValidationException)
            {
                return Forbidden("The antiforgery token is not valid; reload the page and try again.");
            }
        }
        return Forbidden("Send the Origin header of this site or the page's antiforgery token (header RequestVerificationToken).");
    }

    private static IResult Forbidden(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused", detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = "cross-site" });
}
