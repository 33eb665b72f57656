using ContentPlatform.Cms.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Cms.Pages;

public sealed class IndexModel(UserManager<StaffUser> users) : PageModel
{
    public string DisplayName { get; private set; } = "";

    public async Task OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        DisplayName = user?.DisplayName is { Length: > 0 } name ? name : User.Identity?.Name ?? "";
    }
}
