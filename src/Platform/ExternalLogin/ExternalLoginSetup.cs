using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ContentPlatform.Platform.Hosting;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ContentPlatform.Platform.ExternalLogin;

/// <summary>
/// National sign-in (docs/security.md, "Identity"): one OpenID Connect scheme per configured provider, on Microsoft's
/// handler, which does the protocol (code flow + PKCE, state, nonce, signature, issuer, audience, lifetime). What is ours:
/// the minimum acr, turning every failure into a message on the sign-in page, and handing the verified identity to the
/// app (<see cref="ExternalAccounts"/>), which alone decides who that is locally.
/// </summary>
public static class ExternalLoginSetup
{
    /// <summary>Where the handler lands after a successful callback: <see cref="ExternalLoginModel"/>.</summary>
    public const string CallbackUri = "/account/external?handler=callback";

    public static WebApplicationBuilder AddExternalLogin(this WebApplicationBuilder builder, params ExternalProvider[] providers)
    {
        var configured = new ConfiguredProviders();
        var authentication = builder.Services.AddAuthentication();
        foreach (var provider in providers)
        {
            // A scheme must be known when it is registered, so whether a provider exists is read now; its settings are
            // bound once, as named options checked at start-up like every other options class.
            if (!builder.Configuration.GetSection(provider.Section).Exists())
            {
                continue;
            }
            configured.Add(provider);
            builder.Services.AddStartupOptions<ExternalProviderOptions>(provider.Section, (o, _) => o.Check(provider), provider.Scheme)
                .PostConfigure(o => o.ApplyDefaults(provider));
            authentication.AddOpenIdConnect(provider.Scheme, _ => { });
            builder.Services.AddOptions<OpenIdConnectOptions>(provider.Scheme)
                .Configure<IOptionsMonitor<ExternalProviderOptions>>((o, all) => Configure(o, provider, all.Get(provider.Scheme)));
        }
        builder.Services.AddSingleton(configured);
        builder.Services.AddStartupOptions<PasswordSignInOptions>(PasswordSignInOptions.Section, (_, _) => null);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<PasswordSignInOptions>>().Value);
        builder.Services.AddBackchannelLogout();
        return builder;
    }

    private static void Configure(OpenIdConnectOptions o, ExternalProvider provider, ExternalProviderOptions options)
    {
        var key = string.IsNullOrEmpty(options.PrivateKeyFile) ? null
            : ClientAssertion.LoadKey(options.PrivateKeyFile, $"{provider.Section}:PrivateKeyFile");
        o.Authority = options.Authority;
        o.ClientId = options.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? null : options.ClientSecret;
        o.RequireHttpsMetadata = options.RequireHttpsMetadata;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        // The code comes back in the query of a top-level GET (not form_post): the correlation and nonce cookies can then
        // be SameSite=Lax, and work on http://localhost for the demo.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.CallbackPath = $"/signin-{provider.Scheme}";
        o.SignedOutCallbackPath = $"/signout-callback-{provider.Scheme}";
        o.SignInScheme = IdentityConstants.ExternalScheme;
        // Claims keep their JWT names (pid, acr, amr); nothing is renamed into Microsoft's long claim URIs.
        o.MapInboundClaims = false;
        o.TokenValidationParameters.NameClaimType = "name";
        // Kept on the external ticket so the id_token can go with the session as id_token_hint at sign-out.
        o.SaveTokens = true;
        // Everything the apps use is in the ID token; the userinfo call would add a round trip and nothing else.
        o.GetClaimsFromUserInfoEndpoint = false;
        // Defaults that must stay: signed tokens only (alg none refused), nonce required, issuer/audience/lifetime checked.
        o.TokenValidationParameters.RequireSignedTokens = true;
        o.ProtocolValidator.RequireNonce = true;
        o.Scope.Clear();
        o.Scope.Add("openid");
        foreach (var scope in options.Scopes)
        {
            o.Scope.Add(scope);
        }
        o.Events = new OpenIdConnectEvents
        {
            OnRedirectToIdentityProvider = context =>
            {
                if (options.AcrValues.Length > 0)
                {
                    context.ProtocolMessage.AcrValues = options.AcrValues;
                }
                context.ProtocolMessage.UiLocales = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
                return Task.CompletedTask;
            },
            OnAuthorizationCodeReceived = async context =>
            {
                if (key is null || context.TokenEndpointRequest is not { } request)
                {
                    return;
                }
                // Options.Configuration is only set for a static configuration; the discovered one (which has the token
                // endpoint) comes from the configuration manager, cached there.
                var configuration = context.Options.Configuration
                    ?? await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
                request.ClientSecret = null;
                request.ClientAssertionType = ClientAssertion.Type;
                request.ClientAssertion = ClientAssertion.Create(options.ClientId, configuration.Issuer, key,
                    context.HttpContext.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System);
            },
            OnTokenValidated = context =>
            {
                // The provider may hand back a lower level than asked (the person chose it, or has no better eID).
                var acr = context.Principal?.FindFirst("acr")?.Value;
                if (options.AcrValues.Length > 0 && AssuranceLevels.Rank(acr) < AssuranceLevels.Rank(options.AcrValues))
                {
                    context.Fail(new ExternalRefusalException(ExternalRefusal.AcrTooLow));
                }
                return Task.CompletedTask;
            },
            OnAccessDenied = context =>
            {
                Log(context.HttpContext, provider, ExternalRefusal.Cancelled, "access_denied");
                context.Response.Redirect(ExternalRefusals.LoginUrl(ExternalRefusal.Cancelled));
                context.HandleResponse();
                return Task.CompletedTask;
            },
            OnRemoteFailure = context =>
            {
                var refusal = context.Failure is ExternalRefusalException r ? r.Refusal : ExternalRefusal.Failed;
                Log(context.HttpContext, provider, refusal, ExternalRefusals.Describe(context.Failure));
                context.Response.Redirect(ExternalRefusals.LoginUrl(refusal));
                context.HandleResponse();
                return Task.CompletedTask;
            },
            OnRedirectToIdentityProviderForSignOut = context =>
            {
                // The hint travels with the local session (ExternalAccounts); back to the site's start page, which is the
                // post-logout address registered with the provider.
                if (context.Properties.Items.TryGetValue(IdTokenItem, out var idToken) && !string.IsNullOrEmpty(idToken))
                {
                    context.ProtocolMessage.IdTokenHint = idToken;
                }
                var request = context.Request;
                context.ProtocolMessage.PostLogoutRedirectUri = $"{request.Scheme}://{request.Host}{request.PathBase}/";
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The item the sign-out carries the id_token in (never a URL of ours; only the provider's end-session request).</summary>
    public const string IdTokenItem = "id_token_hint";

    private static void Log(HttpContext context, ExternalProvider provider, ExternalRefusal refusal, string reason) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalLoginSetup).FullName!)
            .LogWarning("External sign-in with {Scheme} refused ({Refusal}): {Reason}", provider.Scheme, refusal, reason);
}

/// <summary>The providers this app has configured (from its settings), for the sign-in page's buttons.</summary>
public sealed class ConfiguredProviders
{
    private readonly Dictionary<string, ExternalProvider> providers = [];

    public void Add(ExternalProvider provider) => providers[provider.Scheme] = provider;

    public bool Has(ExternalProvider provider) => providers.ContainsKey(provider.Scheme);

    public bool Has(string scheme) => providers.ContainsKey(scheme);

    public bool Any => providers.Count > 0;
}

/// <summary>
/// Who may connect a HelseID identity on their security page: HelseID is staff sign-in, so an app whose accounts include
/// patients (Delivery) registers which signed-in people are staff; without one (the Cms: staff only) everyone may.
/// </summary>
public sealed record HelseIdEligibility(Func<System.Security.Claims.ClaimsPrincipal, bool> IsStaff);
