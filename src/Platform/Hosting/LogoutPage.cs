using System.Security.Claims;
using ContentPlatform.Platform.ExternalLogin;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Platform.Hosting;

/// <summary>Signing out is a POST (a link could be followed by anyone's page); a GET goes home.</summary>
public sealed class LogoutModel(PlatformAccounts accounts, ConfiguredProviders providers, Sessions.LoginSessions sessions) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        // A national sign-in ends at the provider too (RP-initiated logout), with the session's id_token as the hint.
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        await accounts.SignOutAsync();
        // The cookie is gone from this browser; ending the row makes a copy of it worthless too.
        if (session.Properties?.GetString(Sessions.LoginSessionCookie.SessionItem) is { } id && User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
        {
            await sessions.EndAsync(userId, id, HttpContext.RequestAborted);
        }
        if (session.Properties?.GetString(ExternalAccounts<IdentityUser>.SchemeItem) is { } scheme && providers.Has(scheme))
        {
            var properties = new AuthenticationProperties { RedirectUri = "/" };
            properties.Items[ExternalLoginSetup.IdTokenItem] = session.Properties.GetString(ExternalLoginSetup.IdTokenItem);
            return SignOut(properties, scheme);
        }
        return LocalRedirect("/account/login");
    }
}
