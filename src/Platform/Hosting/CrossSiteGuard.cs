using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// The one cross-site request forgery check of both apps' script and automation APIs, beside SameSite cookies. A request
/// that changes something and names another site in its Origin header is refused with 403 (ProblemDetails, code
/// "cross-site"); what else it must carry is the endpoint's <see cref="CrossSiteProof"/>. The Origin check runs before
/// the endpoint reads its body (it wraps the endpoint's request delegate, which is where minimal APIs bind), so a
/// cross-site request learns nothing about the body it sent: it gets the same refusal whatever the body holds. A page
/// script's own stale token (<see cref="CrossSiteProof.Token{TResource}"/>) is checked after binding, as an endpoint
/// filter, so a broken body still gets the answer that names the broken field.
/// </summary>
public static class CrossSiteGuard
{
    /// <summary>The header the pages' scripts send the antiforgery token in (the antiforgery default).</summary>
    public const string TokenHeader = "RequestVerificationToken";

    public static TBuilder RequireSameOrigin<TBuilder>(this TBuilder builder, CrossSiteProof proof) where TBuilder : IEndpointConventionBuilder
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
                if (await RefusalAsync(http, proof) is { } refusal)
                {
                    await refusal.ExecuteAsync(http);
                    return;
                }
                await inner(http);
            };
        });
        if (proof.Expired is { } expired)
        {
            builder.AddEndpointFilter(async (context, next) =>
                IsSafe(context.HttpContext.Request.Method) || await TokenIsValidAsync(context.HttpContext)
                    ? await next(context)
                    : Results.Problem(detail: expired(context.HttpContext), statusCode: StatusCodes.Status400BadRequest));
        }
        return builder;
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static async Task<IResult?> RefusalAsync(HttpContext http, CrossSiteProof proof)
    {
        var request = http.Request;
        if (IsSafe(request.Method))
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
                : CrossSite($"Requests from {origin} may not change anything here.");
        }
        return proof switch
        {
            { WantsTokenWithoutOrigin: true } when !request.Headers.ContainsKey(TokenHeader) =>
                CrossSite($"Send the Origin header of this site or the page's antiforgery token (header {TokenHeader})."),
            { WantsTokenWithoutOrigin: true } => await TokenIsValidAsync(http) ? null
                : CrossSite("The antiforgery token is not valid; reload the page and try again."),
            _ => null,
        };
    }

    private static Task<bool> TokenIsValidAsync(HttpContext http) =>
        http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);

    private static IResult CrossSite(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused", detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = "cross-site" });
}

/// <summary>What a write must carry besides an Origin header that is not another site's.</summary>
public sealed class CrossSiteProof
{
    private CrossSiteProof(bool tokenWithoutOrigin, Func<HttpContext, string>? expired)
    {
        WantsTokenWithoutOrigin = tokenWithoutOrigin;
        Expired = expired;
    }

    internal bool WantsTokenWithoutOrigin { get; }

    /// <summary>The localized sentence for a missing or stale token, when every write must carry one.</summary>
    internal Func<HttpContext, string>? Expired { get; }

    /// <summary>
    /// Nothing more: an API that also serves automation, which sends neither Origin nor a token (browsers always send
    /// Origin on a cross-site POST).
    /// </summary>
    public static CrossSiteProof None { get; } = new(false, null);

    /// <summary>
    /// A request without an Origin header must carry a valid antiforgery token (header RequestVerificationToken), or it
    /// is refused as cross-site (403).
    /// </summary>
    public static CrossSiteProof TokenWithoutOrigin { get; } = new(true, null);

    /// <summary>
    /// Every write carries the page's antiforgery token (header RequestVerificationToken); a missing or stale one is 400
    /// with the localized sentence <paramref name="key"/> of <typeparamref name="TResource"/>, which tells the person to
    /// reload the page.
    /// </summary>
    public static CrossSiteProof Token<TResource>(string key) =>
        new(false, http => http.RequestServices.GetRequiredService<IStringLocalizer<TResource>>()[key]);
}
