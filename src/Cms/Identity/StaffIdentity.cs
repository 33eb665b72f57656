using ContentPlatform.Cms.Data;
using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Cms.Identity;

public static class StaffIdentity
{
    public static WebApplicationBuilder AddStaffIdentity(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddIdentity<StaffUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<CmsDbContext>()
            .AddDefaultTokenProviders();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = ".ContentPlatform.Cms.Auth";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.HttpOnly = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffRoles.Editor, p => p.RequireRole(StaffRoles.Editor, StaffRoles.Admin))
            .AddPolicy(StaffRoles.Reviewer, p => p.RequireRole(StaffRoles.Reviewer, StaffRoles.Admin))
            .AddPolicy(StaffRoles.Admin, p => p.RequireRole(StaffRoles.Admin))
            .AddPolicy("staff", p => p.RequireRole(StaffRoles.All));
        return builder;
    }
}
