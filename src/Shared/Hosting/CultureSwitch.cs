using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;

namespace ContentPlatform.Shared.Hosting;

public static class CultureSwitch
{
    /// <summary>
    /// GET /culture/{nb|nn}?returnUrl=/x remembers the choice in a cookie for a year and goes back.
    /// A plain link, so it works without JavaScript; only local return URLs are followed (no open redirect).
    /// </summary>
    public static IEndpointConventionBuilder MapCultureSwitch(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (!PlatformDefaults.Cultures.Any(c => c.Name == culture))
            {
                return Results.NotFound();
            }
            http.Response.Cookies.Append(PlatformDefaults.CultureCookie,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions
                {
                    Expires = DateTimeOffset.UtcNow.AddYears(1),
                    IsEssential = true,
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                });
            var target = IsLocalUrl(returnUrl) ? returnUrl! : "/";
            return Results.LocalRedirect(target);
        });

    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
