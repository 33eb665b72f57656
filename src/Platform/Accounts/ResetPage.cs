using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Platform.Accounts;

/// <summary>
/// A new password from a one-time link: the self-service mail (1 h) or a care team's link (24 h). A used or expired link
/// says so and offers a new one (Pages/Account/Reset.cshtml).
/// </summary>
public sealed class ResetModel(PasswordSelfService service, IStringLocalizer<SharedResource> s) : PageModel
{
    public string? UserId { get; private set; }
    public string? Token { get; private set; }
    public string? Error { get; private set; }
    public bool InvalidLink { get; private set; }
    public bool Done { get; private set; }

    public void OnGet(string? u, string? t) => (UserId, Token) = (u, t);

    public async Task<IActionResult> OnPostAsync(string? u, string? t, string? password)
    {
        (UserId, Token) = (u, t);
        if (string.IsNullOrEmpty(password) || password.Length < 12)
        {
            Error = s["PasswordTooShort"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var outcome = await service.ResetAsync(u, t, password);
        switch (outcome.Result)
        {
            case ResetResult.Done:
                Done = true;
                return Page();
            case ResetResult.InvalidLink:
                InvalidLink = true;
                Error = s["ResetLinkInvalid"];
                break;
            default:
                Error = s["PasswordRejected"];
                break;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
