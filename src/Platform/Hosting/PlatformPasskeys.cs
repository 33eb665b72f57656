using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// Passkeys (WebAuthn) on ASP.NET Core Identity's own support (.NET 10, schema version 3). A passkey is a possession
/// factor unlocked by the device's PIN or biometrics — user verification is required — so a passkey sign-in is a
/// multi-factor sign-in and carries amr=mfa like an authenticator code does (<see cref="SecondFactor"/>). Where a second
/// factor is mandatory (all staff) an authenticator must be enrolled before a passkey can be added, so such an account
/// always keeps TOTP beside it and a lost device is never a lock-out; an admin's "reset the second factor" removes the
/// passkeys too.
/// </summary>
public static class PlatformPasskeys
{
    /// <summary>Enough for a phone, a laptop and a couple of security keys; a list longer than this is a mistake.</summary>
    public const int MaxPerUser = 10;

    public const int MaxNameLength = 60;

    /// <summary>A credential JSON from a real authenticator is a few kilobytes; refuse anything far larger before parsing.</summary>
    public const int MaxCredentialLength = 64 * 1024;

    public const string ApiPath = "/api/account/passkeys";
    public const string SecurityPath = "/account/security";

    /// <summary>
    /// Turns passkeys on for the app's identity. <paramref name="managePolicy"/> is the authorization policy a user must
    /// meet to manage passkeys ("fully signed in"); <paramref name="authenticatorRequired"/> says for whom the authenticator
    /// app is mandatory, and so must be enrolled before a passkey is added.
    /// </summary>
    public static WebApplicationBuilder AddPlatformPasskeys(this WebApplicationBuilder builder, string managePolicy,
        Func<ClaimsPrincipal, bool> authenticatorRequired)
    {
        builder.Services.Configure<PlatformPasskeyOptions>(o =>
        {
            o.ManagePolicy = managePolicy;
            o.AuthenticatorRequired = authenticatorRequired;
        });
        var section = builder.Configuration.GetSection("Passkeys");
        var serverDomain = section["ServerDomain"];
        var origins = section.GetSection("Origins").Get<string[]>() ?? [];
        foreach (var origin in origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || uri.Scheme is not ("https" or "http"))
            {
                throw new StartupConfigurationException("Passkeys:Origins", $"'{origin}' is not an origin like https://example.no");
            }
        }
        builder.Services.Configure<IdentityPasskeyOptions>(o =>
        {
            // Empty: the host name the browser asked for (one name per app is the normal case).
            o.ServerDomain = string.IsNullOrWhiteSpace(serverDomain) ? null : serverDomain.Trim();
            o.UserVerificationRequirement = "required";
            // Discoverable credentials, so "sign in with a passkey" needs no e-mail address first.
            o.ResidentKeyRequirement = "required";
            o.AttestationConveyancePreference = "none";
            o.ValidateOrigin = context => ValueTask.FromResult(IsAllowedOrigin(context, origins));
        });
        return builder;
    }

    /// <summary>
    /// The page's own origin (scheme, host and port of this request), or one configured in Passkeys:Origins (an app behind
    /// a proxy that ends TLS sees http internally). Never a credential made inside another site's frame.
    /// </summary>
    private static bool IsAllowedOrigin(PasskeyOriginValidationContext context, string[] configured)
    {
        if (context.CrossOrigin || string.IsNullOrEmpty(context.Origin))
        {
            return false;
        }
        var request = context.HttpContext.Request;
        var own = $"{request.Scheme}://{request.Host.Value}";
        return string.Equals(context.Origin, own, StringComparison.OrdinalIgnoreCase) ||
               configured.Any(o => string.Equals(o.TrimEnd('/'), context.Origin, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The two option endpoints the script calls before asking the browser for a passkey. Both are POSTs that must carry
    /// the page's antiforgery token (header RequestVerificationToken): they set the ceremony's state cookie, and another
    /// site must not be able to start a ceremony in the user's name. Creation needs a fully signed-in user; request
    /// options are for anyone on the sign-in page.
    /// </summary>
    public static RouteGroupBuilder MapPasskeyApi<TUser>(this IEndpointRouteBuilder app) where TUser : class
    {
        // The token is checked from the header by the cross-site guard, so a failure is a localized ProblemDetails.
        var api = app.MapGroup(ApiPath).WithTags("Passkeys").DisableAntiforgery()
            .RequireSameOrigin(CrossSiteProof.Token<SharedResource>("PasskeyPageExpired"));

        var policy = app.ServiceProvider.GetRequiredService<IOptions<PlatformPasskeyOptions>>().Value.ManagePolicy;
        api.MapPost("/creation-options", async (HttpContext http, UserManager<TUser> users,
            SignInManager<TUser> signIn, IOptions<PlatformPasskeyOptions> options, IStringLocalizer<SharedResource> s) =>
        {
            if (await users.GetUserAsync(http.User) is not { } user)
            {
                return Results.Unauthorized();
            }
            if (await RegistrationRefusalAsync(users, user, http.User, options.Value, s) is { } refusal)
            {
                return Problem(refusal, StatusCodes.Status403Forbidden);
            }
            var entity = new PasskeyUserEntity
            {
                Id = await users.GetUserIdAsync(user),
                Name = await users.GetUserNameAsync(user) ?? "",
                DisplayName = await users.GetEmailAsync(user) ?? "",
            };
            return Results.Content(await signIn.MakePasskeyCreationOptionsAsync(entity), "application/json");
        }).RequireAuthorization(policy);

        api.MapPost("/request-options", async (SignInManager<TUser> signIn) =>
        {
            // No user: the browser offers whichever of this site's passkeys the person has (discoverable credentials),
            // so the page reveals nothing about which e-mail addresses have accounts.
            return Results.Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json");
        }).AllowAnonymous();
        return api;
    }

    /// <summary>Why this user may not add a passkey now (a localized sentence), or null.</summary>
    public static async Task<string?> RegistrationRefusalAsync<TUser>(UserManager<TUser> users, TUser user, ClaimsPrincipal principal,
        PlatformPasskeyOptions options, IStringLocalizer s) where TUser : class
    {
        if (options.AuthenticatorRequired(principal) && !(principal.HasSecondFactor() && await users.GetTwoFactorEnabledAsync(user)))
        {
            return s["PasskeyNeedsAuthenticator"];
        }
        if ((await users.GetPasskeysAsync(user)).Count >= MaxPerUser)
        {
            return s["PasskeyLimitReached", MaxPerUser];
        }
        return null;
    }

    /// <summary>
    /// Signs in with a passkey assertion from the sign-in page. The steps of Identity's PasskeySignInAsync (assertion,
    /// the pre-sign-in checks, saving the new signature counter) but the session is marked amr=mfa: PasskeySignInAsync
    /// marks it amr=pwd, a single factor, which the staff policies rightly refuse. A failed assertion does not count
    /// towards lock-out: a signature cannot be guessed, and counting would let anyone who knows a credential id lock
    /// its owner out.
    /// </summary>
    public static async Task<PasskeySignInOutcome> SignInAsync<TUser>(SignInManager<TUser> signIn, string? credentialJson) where TUser : class
    {
        if (string.IsNullOrWhiteSpace(credentialJson) || credentialJson.Length > MaxCredentialLength)
        {
            return PasskeySignInOutcome.NotRecognised;
        }
        PasskeyAssertionResult<TUser> assertion;
        try
        {
            assertion = await signIn.PerformPasskeyAssertionAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // No ceremony under way in this browser (state cookie missing, expired or from a creation).
            return PasskeySignInOutcome.Expired;
        }
        if (!assertion.Succeeded || assertion.User is not { } user || !assertion.Passkey.IsUserVerified)
        {
            return PasskeySignInOutcome.NotRecognised;
        }
        var users = signIn.UserManager;
        if (!await signIn.CanSignInAsync(user))
        {
            return PasskeySignInOutcome.NotRecognised;
        }
        if (users.SupportsUserLockout && await users.IsLockedOutAsync(user))
        {
            // Deactivated by an admin is a lockout with no end; a passkey proves who it is, so it may be told which.
            return user is IdentityUser u && StaffAdmin.StaffLifecycle.IsDeactivated(u) ? PasskeySignInOutcome.Deactivated : PasskeySignInOutcome.LockedOut;
        }
        if (!(await users.AddOrUpdatePasskeyAsync(user, assertion.Passkey)).Succeeded)
        {
            return PasskeySignInOutcome.NotRecognised;
        }
        if (users.SupportsUserLockout)
        {
            await users.ResetAccessFailedCountAsync(user);
        }
        await signIn.SignInWithClaimsAsync(user, isPersistent: false,
            [SecondFactor.Claim, new Claim(ClaimTypes.AuthenticationMethod, "passkey")]);
        return PasskeySignInOutcome.SignedIn;
    }

    /// <summary>Credential ids travel in URLs and forms as base64url (RFC 4648 §5, no padding).</summary>
    public static string EncodeId(byte[] id) => Convert.ToBase64String(id).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? DecodeId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 1400)
        {
            return null;
        }
        var base64 = id.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? bytes[..written] : null;
    }

    private static IResult Problem(string detail, int status) => Results.Problem(detail: detail, statusCode: status);
}

public enum PasskeySignInOutcome
{
    SignedIn,
    NotRecognised,
    LockedOut,
    Expired,
    Deactivated,
}

public sealed class PlatformPasskeyOptions
{
    public string ManagePolicy { get; set; } = "";
    public Func<ClaimsPrincipal, bool> AuthenticatorRequired { get; set; } = _ => false;
}
