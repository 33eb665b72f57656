using ContentPlatform.DemoIdp.Data;
using ContentPlatform.DemoIdp.Faults;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContentPlatform.DemoIdp;

/// <summary>
/// Builds the provider. Program.cs runs it; the tests start it in their own process on a free port, which is why the
/// application name is pinned to this assembly (Razor finds its compiled pages there, not in the test assembly).
/// </summary>
public static class DemoIdpHost
{
    public const string SessionScheme = "DemoIdp.Session";

    public static async Task<WebApplication> CreateAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(DemoIdpHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Quiet by default (it runs inside test processes and beside the apps); `--Logging:LogLevel:Default=Information` for more.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("OpenIddict", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning);
        var options = builder.Configuration.GetSection("DemoIdp").Get<DemoIdpOptions>() ?? new DemoIdpOptions();
        if (options.Flavour is not (Flavours.IdPorten or Flavours.HelseId))
        {
            throw new InvalidOperationException($"DemoIdp:Flavour must be '{Flavours.IdPorten}' or '{Flavours.HelseId}', not '{options.Flavour}'.");
        }
        builder.Services.AddSingleton(options);

        // A named in-memory SQLite database lives as long as one connection to it is open: the keeper holds it.
        var connectionString = $"Data Source=demoidp-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        var keeper = new SqliteConnection(connectionString);
        keeper.Open();
        builder.Services.AddSingleton(keeper);
        builder.Services.AddDbContext<DemoIdpDb>(db =>
        {
            db.UseSqlite(connectionString);
            db.UseOpenIddict();
        });

        builder.Services.AddAuthentication(SessionScheme).AddCookie(SessionScheme, cookie =>
        {
            cookie.Cookie.Name = "demoidp." + options.Flavour;
            cookie.LoginPath = "/connect/authorize";
        });
        builder.Services.AddRazorPages();
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<BackchannelLogout>();

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<DemoIdpDb>())
            .AddServer(server =>
            {
                if (!string.IsNullOrEmpty(options.Issuer))
                {
                    server.SetIssuer(new Uri(options.Issuer));
                }
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/endsession")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                // Demo only: a fresh RSA key per start, so tokens from an earlier run never validate. The signing key
                // gives RS256; access tokens stay encrypted (opaque to clients, as at ID-porten and HelseID).
                server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                server.RegisterScopes(Flavour.ScopesOf(options));
                server.RegisterClaims(Flavour.ClaimsOf(options));
                server.AddEventHandler(TokenFaults.Descriptor);
                // Only S256: a client that sends `plain` is refused like at ID-porten.
                server.Configure(o => o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // Demo only: the provider listens on plain HTTP on loopback. The real ones are HTTPS.
                    .DisableTransportSecurityRequirement();
            });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapDemoIdpEndpoints();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoIdpDb>().Database.EnsureCreatedAsync();
            await ClientRegistration.RegisterAsync(scope.ServiceProvider, options);
        }
        return app;
    }
}
