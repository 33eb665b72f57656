using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Platform.StaffAdmin;

/// <summary>
/// /account/staff-invitation/{code} in both apps (Pages/Account/StaffInvitation.cshtml): the invited person chooses a
/// password, is signed in and goes on to enrol the second factor that every staff page requires. A used, expired or
/// unknown link says so (410/404) and changes nothing.
/// </summary>
public sealed class StaffInvitationModel(StaffLifecycle staff, PlatformAccounts accounts, IStringLocalizer<SharedResource> s) : PageModel
{
    public StaffInvitationState State { get; private set; }
    public string? Email { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        (State, Email) = await staff.FindInvitationAsync(code, ct);
        return Answer();
    }

    public async Task<IActionResult> OnPostAsync(string code, string? password, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(password))
        {
            (State, Email) = await staff.FindInvitationAsync(code, ct);
            Errors = [s["PasswordRequired"]];
            return State == StaffInvitationState.Valid ? BadRequestPage() : Answer();
        }
        var (state, email, errors) = await staff.AcceptInvitationAsync(code, password, ct);
        (State, Email) = (state, email);
        if (state != StaffInvitationState.Valid)
        {
            return Answer();
        }
        if (errors.Count > 0)
        {
            Errors = [.. errors.Select(Describe).Distinct()];
            return BadRequestPage();
        }
        // Whoever was signed in in this browser (an admin trying the link) is signed out first: the link is the invitee's.
        await accounts.SignOutAsync();
        var signIn = await accounts.PasswordSignInAsync(email!, password);
        if (signIn.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginWith2fa");
        }
        return LocalRedirect(SecondFactor.EnrolPath + "?returnUrl=%2F");
    }

    private PageResult Answer()
    {
        Response.StatusCode = State switch
        {
            StaffInvitationState.Unknown => StatusCodes.Status404NotFound,
            StaffInvitationState.Used or StaffInvitationState.Expired => StatusCodes.Status410Gone,
            _ => StatusCodes.Status200OK,
        };
        return Page();
    }

    private PageResult BadRequestPage()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Identity's descriptions are English; the password rules get our words.</summary>
    private string Describe(IdentityError error) => error.Code.StartsWith("Password", StringComparison.Ordinal) ? s["PasswordRules"] : error.Description;
}
