using ContentPlatform.Platform.Accounts;
using ContentPlatform.Platform.Sessions;
using ContentPlatform.Platform.StaffAdmin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// The account rules both apps must agree on: long passwords rather than symbol rules (NSM's advice), lockout after
/// five failures, HttpOnly SameSite cookies, sliding session timeout.
/// </summary>
public static class IdentitySetup
{
    /// <summary>Version 3 adds the passkeys table (AspNetUserPasskeys).</summary>
    public static readonly Version SchemaVersion = IdentitySchemaVersions.Version3;

    /// <summary>
    /// Identity's DbContext reads its schema version from IdentityOptions through the application services. The design-time
    /// factories (`dotnet ef migrations add`) have none, so they pass these, or the migrations would model version 1.
    /// </summary>
    public static IServiceProvider DesignTimeServices() =>
        new ServiceCollection().Configure<IdentityOptions>(o => o.Stores.SchemaVersion = SchemaVersion).BuildServiceProvider();

    public static IdentityBuilder AddPlatformIdentity<TUser, TContext>(this WebApplicationBuilder builder, string cookieName,
        TimeSpan sessionTimeout)
        where TUser : IdentityUser
        where TContext : DbContext
    {
        var identity = builder.Services
            .AddIdentity<TUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireDigit = false;
                o.Password.RequireUppercase = false;
                o.Password.RequiredUniqueChars = 6;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Stores.SchemaVersion = SchemaVersion;
            })
            .AddEntityFrameworkStores<TContext>()
            .AddDefaultTokenProviders()
            .AddUserManager<RevokingUserManager<TUser>>();
        identity.AddPasswordSelfService<TUser, TContext>(); // "forgot password" (Accounts/)
        // Taking access away acts at once on sessions and live hub connections (docs/security.md, "Revocation").
        builder.Services.AddAccessRevocation();
        builder.Services.AddStaffLifecycle<TUser, TContext>();
        builder.Services.AddLoginSessions<TContext>(); // own sessions: list, revoke, back-channel logout (Sessions/)
        builder.Services.AddScoped<ISecurityStampCheck, SecurityStampCheck<TUser>>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, CurrentSession.Handler>();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = cookieName;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.HttpOnly = true;
            o.ExpireTimeSpan = sessionTimeout;
            o.SlidingExpiration = true;
            o.Events.OnSigningIn = LoginSessionCookie.SigningInAsync;
            // Machines get status codes, not a redirect to a login page.
            o.Events.OnRedirectToLogin = c => RedirectOrStatus(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => RedirectOrStatus(c, StatusCodes.Status403Forbidden);
        });
        return identity;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (PlatformDefaults.IsMachineRequest(context.Request.Path))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }
}
