using ContentPlatform.Delivery.Data;
using ContentPlatform.Platform.ExternalLogin;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Identity;

public static class DeliveryIdentity
{
    /// <summary>Signed in, and past the second factor if staff: what the account's security page and passkeys need.</summary>
    public const string FullySignedIn = "fully-signed-in";

    /// <summary>
    /// <see cref="FullySignedIn"/>, and the cookie's security stamp still the user's (checked in the database): for hub
    /// connections, which live on the cookie they opened with (see <see cref="CurrentSession"/>).
    /// </summary>
    public const string LiveConnection = "live-connection";

    public static bool IsStaff(System.Security.Claims.ClaimsPrincipal user) => DeliveryRoles.Staff.Any(user.IsInRole);

    public static WebApplicationBuilder AddDeliveryIdentity(this WebApplicationBuilder builder)
    {
        // Patients on shared or public computers: a short sliding session. Typed text is kept in the browser, so a
        // timeout never loses it.
        builder.AddPlatformIdentity<DeliveryUser, DeliveryDbContext>(".ContentPlatform.Delivery.Auth", TimeSpan.FromMinutes(30));
        builder.AddPlatformPages<DeliveryUser, SharedResource>(authenticatorIssuer: "ContentPlatform");
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(DeliveryRoles.Patient, p => p.RequireRole(DeliveryRoles.Patient))
            // Staff see health data: a second factor is mandatory (see SecondFactor), for pages, APIs and hubs alike.
            .AddPolicy(DeliveryRoles.Therapist, p => p.RequireRole(DeliveryRoles.Therapist, DeliveryRoles.ClinicAdmin).RequireSecondFactor())
            .AddPolicy(DeliveryRoles.ClinicAdmin, p => p.RequireRole(DeliveryRoles.ClinicAdmin).RequireSecondFactor())
            .AddPolicy(DeliveryRoles.Analyst, p => p.RequireRole(DeliveryRoles.Analyst).RequireSecondFactor())
            .AddPolicy(DeliveryRoles.Researcher, p => p.RequireRole(DeliveryRoles.Researcher).RequireSecondFactor())
            .AddPolicy(FullySignedIn, p => p.RequireSecondFactorFor(DeliveryRoles.Staff))
            .AddPolicy(LiveConnection, p => p.RequireSecondFactorFor(DeliveryRoles.Staff).RequireCurrentSession());
        builder.Services.AddSecondFactorRedirect();
        // A patient reading a module is a stream of signed-in requests: decrypt each sign-in cookie once, not per request.
        builder.Services.AddDecryptedTicketCache(IdentityConstants.ApplicationScheme);
        builder.AddPlatformPasskeys(FullySignedIn, authenticatorRequired: IsStaff);
        builder.Services.AddSingleton(new ContentPlatform.Platform.ExternalLogin.HelseIdEligibility(IsStaff)); // patients use ID-porten
        // Several instances behind a load balancer must share one key ring, or a cookie signed on one is refused by the
        // next: the keys live in the Delivery database, which all instances share. The fixed application name keeps
        // instances installed in different folders in one key ring.
        builder.Services.AddDataProtection().SetApplicationName("ContentPlatform.Delivery").PersistKeysToDbContext<DeliveryDbContext>();
        builder.Services.AddHostedService<DeliveryRolesSeeder>();
        // Course sign-up: no usable account before the address is confirmed (SignUpConfirmation), and a privacy notice.
        builder.Services.Configure<IdentityOptions>(o => o.SignIn.RequireConfirmedAccount = true);
        builder.Services.Replace(ServiceDescriptor.Scoped<IUserConfirmation<DeliveryUser>, PendingSignUpConfirmation>());
        builder.Services.AddScoped<SignUpConfirmation>();
        builder.Services.AddStartupOptions<PrivacyOptions>(PrivacyOptions.Section, PrivacyOptions.Check);
        // National sign-in (docs/security.md, "Identity"): patients with ID-porten, staff with HelseID, each only if configured.
        builder.AddExternalLogin(ExternalProvider.IdPorten, ExternalProvider.HelseId);
        var idPorten = builder.Configuration.GetSection(ExternalProvider.IdPorten.Section).Exists();
        builder.Services.AddStartupOptions<PidKeyOptions>(PidKeyOptions.Section, (o, environment) => idPorten ? PidHash.Check(o, environment) : null);
        if (idPorten)
        {
            builder.Services.AddSingleton(sp => PidHash.From(sp.GetRequiredService<IOptions<PidKeyOptions>>().Value,
                sp.GetRequiredService<IHostEnvironment>()));
        }
        builder.Services.AddScoped<ExternalAccounts>(sp => new DeliveryExternalAccounts(sp.GetRequiredService<UserManager<DeliveryUser>>(),
            sp.GetRequiredService<SignInManager<DeliveryUser>>(), sp.GetService<PidHash>(),
            sp.GetRequiredService<Enrollment.EnrollmentService>(), sp.GetRequiredService<Content.ReleaseStore>(),
            sp.GetRequiredService<ILogger<DeliveryExternalAccounts>>()));
        return builder;
    }

    public static Task<int> CreateDemoAccountsAsync(WebApplication app)
    {
        // The demo ID-porten persons reach their demo patients: the login is keyed as a real sign-in keys it (PidHash).
        var pids = PidHash.From(app.Configuration.GetSection(PidKeyOptions.Section).Get<PidKeyOptions>() ?? new(), app.Environment);
        return DemoAccountsCommand.RunAsync(app, "Delivery", DeliveryRoles.All, a => new DeliveryUser
        {
            UserName = a.Email, Email = a.Email, DisplayName = a.DisplayName, EmailConfirmed = true,
        }, a => a.IdPortenPid.Length > 0 ? new UserLoginInfo(ExternalProvider.IdPorten.Scheme, pids.Hash(a.IdPortenPid), "ID-porten") : null);
    }
}
