using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Delivery.Identity;

/// <summary>
/// A patient's nb/nn choice follows them, not the device: switching while signed in saves it on the account, and signing
/// in on another phone or a library computer puts it back.
/// </summary>
public static class RememberedCulture
{
    public static WebApplicationBuilder AddRememberedCulture(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureApplicationCookie(o => o.Events.OnSignedIn = async context =>
        {
            var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<DeliveryUser>>();
            if (context.Principal is { } principal && await users.GetUserAsync(principal) is { } user && CultureSwitch.IsSupported(user.PreferredCulture))
            {
                CultureSwitch.SetCookie(context.HttpContext, user.PreferredCulture);
            }
        });
        return builder;
    }

    /// <summary>Saves the choice made with the language switch on the signed-in user's account.</summary>
    public static RouteHandlerBuilder RememberForSignedInUser(this RouteHandlerBuilder culture) =>
        culture.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            if (http.User.Identity?.IsAuthenticated == true && http.GetRouteValue("culture") is string chosen && CultureSwitch.IsSupported(chosen))
            {
                var users = http.RequestServices.GetRequiredService<UserManager<DeliveryUser>>();
                if (await users.GetUserAsync(http.User) is { } user && user.PreferredCulture != chosen)
                {
                    user.PreferredCulture = chosen;
                    await users.UpdateAsync(user);
                }
            }
            return result;
        });
}
