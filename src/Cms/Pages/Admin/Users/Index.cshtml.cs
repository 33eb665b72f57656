using ContentPlatform.Cms.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ContentPlatform.Contract.Text;

namespace ContentPlatform.Cms.Pages.Admin.Users;

public sealed record StaffRow(string Id, string Name, string Email, IReadOnlyList<string> Roles, bool TwoFactor, bool Locked);

[Authorize(Policy = StaffRoles.Admin)]
public sealed class UsersModel(UserManager<StaffUser> users, RoleManager<IdentityRole> roleManager, TimeProvider clock,
    IStringLocalizer<SharedResource> s) : PageModel
{
    public IReadOnlyList<StaffRow> Users { get; private set; } = [];
    public List<string> Errors { get; } = [];
    public string? Message { get; private set; }
    public string? Name { get; private set; }
    public string? Email { get; private set; }

    public async Task OnGetAsync(string? created)
    {
        Message = created is null ? null : s["UserCreated", created].Value;
        await LoadAsync();
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
        var now = clock.GetUtcNow();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync();
        var rows = new List<StaffRow>();
        foreach (var u in all)
        {
            rows.Add(new(u.Id, u.DisplayName, u.Email ?? "", (await users.GetRolesAsync(u)).Order().ToList(), u.TwoFactorEnabled,
                u.LockoutEnd is { } end && end > now));
        }
        Users = rows;
    }
}
