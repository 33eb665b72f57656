using System.Text;
using ContentPlatform.Delivery.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.Account;

/// <summary>The patient chooses a new password from the one-time link their care team gave them.</summary>
public sealed class ResetModel(UserManager<DeliveryUser> users, IStringLocalizer<SharedResource> s) : PageModel
{
    public string? UserId { get; private set; }
    public string? Token { get; private set; }
    public string? Error { get; private set; }
    public bool Done { get; private set; }

    public void OnGet(string? u, string? t) => (UserId, Token) = (u, t);

    public async Task<IActionResult> OnPostAsync(string? u, string? t, string? password)
    {
        (UserId, Token) = (u, t);
        if (string.IsNullOrEmpty(password) || password.Length < 12)
        {
            Error = s["PasswordTooShort"];
            Response.StatusCode = 400;
            return Page();
        }
        var user = string.IsNullOrEmpty(u) ? null : await users.FindByIdAsync(u);
        var token = Decode(t);
        var result = user is null || token is null ? IdentityResult.Failed() : await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            Error = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)) || user is null || token is null
                ? s["ResetLinkInvalid"] : s["PasswordRejected"];
            Response.StatusCode = 400;
            return Page();
        }
        // A locked-out patient asked for help: the new password opens the account again.
        await users.SetLockoutEndDateAsync(user!, null);
        await users.ResetAccessFailedCountAsync(user!);
        Done = true;
        return Page();
    }

    private static string? Decode(string? token)
    {
        try
        {
            return string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
