using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Platform.Hosting;

public static class CultureSwitch
{
    /// <summary>
    /// GET /culture/{nb|nn}?returnUrl=/x remembers the choice in a cookie for a year and goes back.
    /// A plain link, so it works without JavaScript; only local return URLs are followed (no open redirect).
    /// </summary>
    public static RouteHandlerBuilder MapCultureSwitch(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (!IsSupported(culture))
            {
                return Results.NotFound();
            }
            SetCookie(http, culture);
            var target = IsLocalUrl(returnUrl) ? returnUrl! : "/";
            return Results.LocalRedirect(target);
        });

    public static bool IsSupported(string? culture) => PlatformDefaults.Cultures.Any(c => c.Name == culture);

    /// <summary>The app's language cookie, which the request localization reads after the query string.</summary>
    public static void SetCookie(HttpContext http, string culture) =>
        http.Response.Cookies.Append(http.RequestServices.GetRequiredService<CultureCookie>().Name,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                IsEssential = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
            });

    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}

/// <summary>The name of this app's language cookie (<see cref="PlatformDefaults.CultureCookieOf"/>).</summary>
public sealed record CultureCookie(string Name);
