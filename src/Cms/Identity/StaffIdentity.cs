using ContentPlatform.Cms.Data;
using ContentPlatform.Platform.ExternalLogin;
using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Cms.Identity;

public static class StaffIdentity
{
    public const string StaffPolicy = "staff";

    /// <summary>Signed in with a password only: enough to enrol an authenticator, nothing else.</summary>
    public const string StaffWithoutSecondFactorPolicy = "staff-enrolling";

    /// <summary>Staff, and the cookie's security stamp still current in the database: for hub connections (see CurrentSession).</summary>
    public const string LiveConnectionPolicy = "staff-live";

    public static WebApplicationBuilder AddStaffIdentity(this WebApplicationBuilder builder)
    {
        builder.AddPlatformIdentity<StaffUser, CmsDbContext>(".ContentPlatform.Cms.Auth", TimeSpan.FromHours(8));
        builder.AddPlatformPages<StaffUser, SharedResource>(authenticatorIssuer: "ContentPlatform Cms");
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffRoles.Editor, p => p.RequireRole(StaffRoles.Editor, StaffRoles.Admin).RequireSecondFactor())
            .AddPolicy(StaffRoles.Reviewer, p => p.RequireRole(StaffRoles.Reviewer, StaffRoles.Admin).RequireSecondFactor())
            .AddPolicy(StaffRoles.Admin, p => p.RequireRole(StaffRoles.Admin).RequireSecondFactor())
            .AddPolicy(StaffPolicy, p => p.RequireRole(StaffRoles.All).RequireSecondFactor())
            .AddPolicy(StaffWithoutSecondFactorPolicy, p => p.RequireRole(StaffRoles.All))
            .AddPolicy(LiveConnectionPolicy, p => p.RequireRole(StaffRoles.All).RequireSecondFactor().RequireCurrentSession());
        builder.Services.AddSecondFactorRedirect();
        // Every Cms user is staff: the authenticator stays mandatory, and must be enrolled before a passkey is added.
        builder.AddPlatformPasskeys(StaffPolicy, authenticatorRequired: _ => true);
        // The content team may sign in with HelseID when it is configured (docs/security.md, "Identity").
        builder.AddExternalLogin(ExternalProvider.HelseId);
        builder.Services.AddScoped<ExternalAccounts, CmsExternalAccounts>();
        return builder;
    }

    public static Task<int> CreateDemoAccountsAsync(WebApplication app) =>
        DemoAccountsCommand.RunAsync(app, "Cms", StaffRoles.All, a => new StaffUser
        {
            UserName = a.Email, Email = a.Email, DisplayName = a.DisplayName, EmailConfirmed = true,
        });
}
