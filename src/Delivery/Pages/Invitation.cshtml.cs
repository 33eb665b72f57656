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

    private async Task<InvitationLookup> LoadAsync(string code, CancellationToken ct)
    {
        var lookup = await enrolling.FindInvitationAsync(code, ct);
        State = lookup.State;
        if (lookup.Enrollment is { } e && await releases.LatestAsync(e.ProgramId, ct) is { } release)
        {
            ProgramTitle = release.Content.Title.Resolve(PageComposer.Language, release.Content.FallbackFor(PageComposer.Language));
            Name ??= e.InviteeName;
        }
        return lookup;
    }
}
