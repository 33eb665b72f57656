using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// The shared pages in this library's Pages/ (sign-in, second factor, passkeys, denied, error, language switch) serve
/// each app at the same URLs as before. Which user may open them is the app's page convention (its policies).
/// </summary>
public static class PlatformPages
{
    public static WebApplicationBuilder AddPlatformPages<TUser, TAppResource>(this WebApplicationBuilder builder, string authenticatorIssuer)
        where TUser : IdentityUser
    {
        PlatformAccounts.Register<TUser>(builder.Services, authenticatorIssuer);
        builder.Services.AddScoped(sp => new AppTexts(sp.GetRequiredService<IStringLocalizer<TAppResource>>()));
        return builder;
    }
}

/// <summary>
/// The few texts on the shared pages that say something different in each app (who gave you your account, what the
/// second factor protects, what survives an error): the app's own strings, under the same key in both apps.
/// </summary>
public sealed class AppTexts(IStringLocalizer strings)
{
    public LocalizedString this[string key] => strings[key];
}
