using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Platform.Hosting;

/// <summary>Signing out is a POST (a link could be followed by anyone's page); a GET goes home.</summary>
public sealed class LogoutModel(PlatformAccounts accounts) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await accounts.SignOutAsync();
        return LocalRedirect("/account/login");
    }
}
