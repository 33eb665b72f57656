using ContentPlatform.Delivery.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Delivery.Pages;

public sealed class IndexModel(UserManager<DeliveryUser> users) : PageModel
{
    /// <summary>Null for a visitor who has not signed in.</summary>
    public string? DisplayName { get; private set; }

    public async Task OnGetAsync()
    {
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user)
        {
            DisplayName = user.DisplayName is { Length: > 0 } name ? name : user.Email;
        }
    }
}
