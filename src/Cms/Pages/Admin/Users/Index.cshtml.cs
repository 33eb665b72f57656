using ContentPlatform.Cms.Identity;
using ContentPlatform.Platform.StaffAdmin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ContentPlatform.Contract.Text;

namespace ContentPlatform.Cms.Pages.Admin.Users;

public sealed record StaffRow(string Id, string Name, string Email, IReadOnlyList<string> Roles, bool TwoFactor, bool Deactivated, bool Invited);

[Authorize(Policy = StaffRoles.Admin)]
public sealed class UsersModel(UserManager<StaffUser> users, RoleManager<IdentityRole> roleManager, StaffLifecycle<StaffUser> lifecycle,
    IStringLocalizer<SharedResource> s) : PageModel
{
    public IReadOnlyList<StaffRow> Users { get; private set; } = [];
    public IReadOnlyList<StaffAuditEntry> Audit { get; private set; } = [];
    public List<string> InviteErrors { get; } = [];
    public string? InviteName { get; private set; }
    public string? InviteEmail { get; private set; }
    public List<string> Errors { get; } = [];
    public string? Message { get; private set; }
    public string? Name { get; private set; }
    public string? Email { get; private set; }

    public async Task OnGetAsync(string? created, string? invited)
    {
        Message = created is not null ? s["UserCreated", created].Value : invited is not null ? s["UserInvited", invited].Value : null;
        await LoadAsync();
    }

    /// <summary>Invites by e-mail: a one-time link (24 h) to choose a password, in the language chosen (Platform's StaffLifecycle).</summary>
    public async Task<IActionResult> OnPostInviteAsync(string? name, string? email, string? culture, string[]? roles, CancellationToken ct)
    {
        (InviteName, InviteEmail) = (name, email);
        if (TextInput.IsBlank(name))
        {
            InviteErrors.Add(s["NameRequired"]);
        }
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            InviteErrors.Add(s["EmailRequired"]);
        }
        var chosen = (roles ?? []).Where(StaffRoles.All.Contains).Distinct().ToList();
        if (chosen.Count == 0)
        {
            InviteErrors.Add(s["RoleRequired"]);
        }
        if (InviteErrors.Count == 0)
        {
            var user = new StaffUser { UserName = email!.Trim(), Email = email.Trim(), DisplayName = TextInput.Name(name) };
            var me = await users.GetUserAsync(User);
            var errors = await lifecycle.InviteAsync(user, user.DisplayName, chosen, ContentPlatform.Platform.Hosting.CultureSwitch.IsSupported(culture) ? culture! : "nb",
                $"{Request.Scheme}://{Request.Host}", new StaffActor(me!.Id, me.DisplayName), ct);
            if (errors.Count == 0)
            {
                return RedirectToPage(new { invited = user.Email });
            }
            InviteErrors.AddRange(errors.Select(e => IdentityMessage(e, s)).Distinct());
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? name, string? email, string? password, string[]? roles)
    {
        Name = name;
        Email = email;
        if (TextInput.IsBlank(name))
        {
            Errors.Add(s["NameRequired"]);
        }
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            Errors.Add(s["EmailRequired"]);
        }
        var chosen = (roles ?? []).Where(StaffRoles.All.Contains).Distinct().ToList();
        if (chosen.Count == 0)
        {
            Errors.Add(s["RoleRequired"]);
        }
        if (Errors.Count == 0)
        {
            var user = new StaffUser { UserName = email!.Trim(), Email = email.Trim(), DisplayName = TextInput.Name(name), EmailConfirmed = true };
            var result = await users.CreateAsync(user, password ?? "");
            if (result.Succeeded)
            {
                foreach (var role in chosen)
                {
                    if (!await roleManager.RoleExistsAsync(role))
                    {
                        await roleManager.CreateAsync(new IdentityRole(role));
                    }
                }
                await users.AddToRolesAsync(user, chosen);
                return RedirectToPage(new { created = user.Email });
            }
            Errors.AddRange(result.Errors.Select(e => IdentityMessage(e, s)));
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>Identity's own descriptions are English; the codes we expect get our words.</summary>
    internal static string IdentityMessage(IdentityError e, IStringLocalizer s) => e.Code switch
    {
        "PasswordTooShort" or "PasswordRequiresUniqueChars" or "PasswordRequiresNonAlphanumeric" or "PasswordRequiresDigit"
            or "PasswordRequiresUpper" or "PasswordRequiresLower" => s["PasswordHint"],
        "DuplicateUserName" or "DuplicateEmail" => s["EmailTaken"],
        "InvalidEmail" or "InvalidUserName" => s["EmailRequired"],
        _ => e.Description,
    };

    private async Task LoadAsync()
    {
        var pending = await lifecycle.PendingInvitationsAsync(HttpContext.RequestAborted);
        var all = await users.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync();
        var rows = new List<StaffRow>();
        foreach (var u in all)
        {
            rows.Add(new(u.Id, u.DisplayName, u.Email ?? "", (await users.GetRolesAsync(u)).Order().ToList(), u.TwoFactorEnabled,
                StaffLifecycle.IsDeactivated(u), u.PasswordHash is null || pending.Contains(u.Id)));
        }
        Users = rows;
        Audit = await lifecycle.RecentAuditAsync(100, HttpContext.RequestAborted);
    }
}
