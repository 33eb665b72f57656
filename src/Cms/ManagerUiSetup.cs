using ContentPlatform.Cms.Identity;

namespace ContentPlatform.Cms;

/// <summary>The content team's pages: staff-only everywhere, admins only under /Admin, a second factor before anything
/// (the staff policies require it; see SecondFactor).</summary>
public static class ManagerUiSetup
{
    public static WebApplicationBuilder AddManagerUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(o => o.Conventions
                .AuthorizeFolder("/", StaffIdentity.StaffPolicy)
                .AuthorizeFolder("/Admin", StaffRoles.Admin)
                .AllowAnonymousToFolder("/Account")
                .AllowAnonymousToPage("/Error")
                // The shared pages (src/Platform/Pages) get the Cms's policies here: password-only staff may enrol an
                // authenticator; passkeys only after it.
                .AuthorizePage("/Account/Enrol2fa", StaffIdentity.StaffWithoutSecondFactorPolicy)
                .AuthorizeFolder("/Security", StaffIdentity.StaffPolicy));
        return builder;
    }
}
