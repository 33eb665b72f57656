using ContentPlatform.Cms.Data;
using ContentPlatform.Shared.Hosting;

namespace ContentPlatform.Cms.Identity;

public static class StaffIdentity
{
    public const string StaffPolicy = "staff";

    public static WebApplicationBuilder AddStaffIdentity(this WebApplicationBuilder builder)
    {
        builder.AddPlatformIdentity<StaffUser, CmsDbContext>(".ContentPlatform.Cms.Auth", TimeSpan.FromHours(8));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffRoles.Editor, p => p.RequireRole(StaffRoles.Editor, StaffRoles.Admin))
            .AddPolicy(StaffRoles.Reviewer, p => p.RequireRole(StaffRoles.Reviewer, StaffRoles.Admin))
            .AddPolicy(StaffRoles.Admin, p => p.RequireRole(StaffRoles.Admin))
            .AddPolicy(StaffPolicy, p => p.RequireRole(StaffRoles.All));
        return builder;
    }

    public static Task<int> CreateDemoAccountsAsync(WebApplication app) =>
        DemoAccountsCommand.RunAsync(app, "Cms", StaffRoles.All, a => new StaffUser
        {
            UserName = a.Email, Email = a.Email, DisplayName = a.DisplayName, EmailConfirmed = true,
        });
}
