using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Reading;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using ContentPlatform.Contract.Text;

namespace ContentPlatform.Delivery.Pages;

/// <summary>/invitation/{code}: an invited patient creates an account (or signs in) and is enrolled; the code works once.</summary>
public sealed class InvitationModel(EnrollmentService enrolling, ReleaseStore releases, UserManager<DeliveryUser> users,
    SignInManager<DeliveryUser> signIn, IStringLocalizer<SharedResource> s) : PageModel
{
    public InvitationState State { get; private set; }
    public string ProgramTitle { get; private set; } = "";
    public string? Email { get; private set; }
    public string? Name { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    /// <summary>
    /// Signed in with a staff account (any role but patient): an invitation to treatment is never joined by a staff
    /// account, which would mix a therapist's work with their own health data; they are asked to sign out instead.
    /// </summary>
    public bool SignedInAsStaff => SignedIn && DeliveryRoles.All.Any(r => r != DeliveryRoles.Patient && User.IsInRole(r));

    /// <summary>Who is signed in, so the page can say which account the program would be added to.</summary>
    public string? SignedInAs => User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? User.Identity?.Name;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        await LoadAsync(code, ct);
        if (State != InvitationState.Valid)
        {
            Response.StatusCode = State == InvitationState.Unknown ? 404 : 410;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, string? name, string? email, string? password, CancellationToken ct)
    {
        var lookup = await LoadAsync(code, ct);
        if (State != InvitationState.Valid)
        {
            Response.StatusCode = 410;
            return Page();
        }
        Name = name;
        Email = email;
        DeliveryUser? user;
        if (SignedInAsStaff)
        {
            Response.StatusCode = 403;
            return Page();
        }
        if (SignedIn)
        {
            user = await users.GetUserAsync(User);
        }
        else
        {
            var errors = new List<string>();
            if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
            {
                errors.Add(s["EmailRequired"]);
            }
            if (string.IsNullOrEmpty(password) || password.Length < 12)
            {
                errors.Add(s["PasswordTooShort"]);
            }
            if (!string.IsNullOrEmpty(name) && TextInput.IsBlank(name))
            {
                errors.Add(s["NameInvisible"]);
            }
            if (errors.Count == 0 && await users.FindByEmailAsync(email!.Trim()) is not null)
            {
                errors.Add(s["EmailTaken"]);
            }
            if (errors.Count > 0)
            {
                Errors = errors;
                Response.StatusCode = 400;
                return Page();
            }
            user = new DeliveryUser
            {
                UserName = email!.Trim(), Email = email.Trim(), DisplayName = string.IsNullOrEmpty(name) ? lookup.Enrollment!.InviteeName : TextInput.Name(name),
                PreferredCulture = PageComposer.Language,
            };
            var created = await users.CreateAsync(user, password!);
            if (!created.Succeeded)
            {
                Errors = [s["PasswordRejected"]];
                Response.StatusCode = 400;
                return Page();
            }
            await users.AddToRoleAsync(user, DeliveryRoles.Patient);
        }
        if (user is null || !await enrolling.AcceptAsync(code, user.Id, ct))
        {
            await LoadAsync(code, ct);
            Response.StatusCode = 410;
            return Page();
        }
        if (!await users.IsInRoleAsync(user, DeliveryRoles.Patient))
        {
            await users.AddToRoleAsync(user, DeliveryRoles.Patient);
        }
        await signIn.SignInAsync(user, isPersistent: false); // refreshes the role claims too
        return Redirect($"/my/{lookup.Enrollment!.Id}");
    }

    /// <summary>"Sign out and continue": back to this invitation, signed out, to create or choose another account.</summary>
    public async Task<IActionResult> OnPostSignOutAsync(string code)
    {
        await signIn.SignOutAsync();
        return LocalRedirect($"/invitation/{Uri.EscapeDataString(code)}");
    }

    private async Task<InvitationLookup> LoadAsync(string code, CancellationToken ct)
    {
        var lookup = await enrolling.FindInvitationAsync(code, ct);
        State = lookup.State;
        if (lookup.Enrollment is { } e && await releases.LatestAsync(e.ProgramId, ct) is { } release)
        {
            Themes.ThemeResolver.UseProgram(HttpContext, e.ProgramId); // the invitation already wears the trust's look
            ProgramTitle = release.Content.Title.Resolve(PageComposer.Language, release.Content.FallbackFor(PageComposer.Language));
            Name ??= e.InviteeName;
        }
        return lookup;
    }
}
