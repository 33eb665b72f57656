using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Platform.ExternalLogin;

/// <summary>
/// /account/external: POST starts a national sign-in (a form button, so a cross-site link cannot start one); the handler
/// returns here (GET ?handler=callback) with the verified identity in Identity's external cookie, which is read once and
/// deleted, and the app decides who that is.
/// </summary>
public sealed class ExternalLoginModel(ConfiguredProviders providers, ILogger<ExternalLoginModel> log) : PageModel
{
    private const string PurposeItem = "purpose";

    public IActionResult OnGet() => LocalRedirect("/account/login");

    public IActionResult OnPost(string? provider, string? returnUrl, string? invitation, string? course, bool link = false)
    {
        if (provider is null || !providers.Has(provider) || (link && User.Identity?.IsAuthenticated != true))
        {
            return NotFound();
        }
        var properties = new AuthenticationProperties { RedirectUri = ExternalLoginSetup.CallbackUri };
        properties.Items[PurposeItem] = System.Text.Json.JsonSerializer.Serialize(
            new ExternalPurpose(CultureSwitch.IsLocalUrl(returnUrl) ? returnUrl : null, invitation, course, link));
        properties.Items[ExternalAccounts<IdentityUser>.SchemeItem] = provider;
        return Challenge(properties, provider);
    }

    public async Task<IActionResult> OnGetCallbackAsync(CancellationToken ct)
    {
        var result = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (!result.Succeeded || result.Properties?.GetString(ExternalAccounts<IdentityUser>.SchemeItem) is not { } scheme ||
            ExternalIdentity.From(scheme, result.Principal, result.Properties.GetTokenValue("id_token")) is not { } identity)
        {
            return Refuse("none", ExternalRefusal.Failed);
        }
        var purpose = result.Properties.GetString(PurposeItem) is { } json
            ? System.Text.Json.JsonSerializer.Deserialize<ExternalPurpose>(json) ?? new(null, null, null)
            : new ExternalPurpose(null, null, null);
        var accounts = HttpContext.RequestServices.GetRequiredService<ExternalAccounts>();
        var outcome = purpose.Link ? await accounts.LinkAsync(User, identity) : await accounts.CompleteAsync(identity, purpose, ct);
        return outcome.Refusal is { } refusal ? Refuse(scheme, refusal, purpose.Link) : LocalRedirect(outcome.RedirectTo ?? "/");
    }

    private RedirectResult Refuse(string scheme, ExternalRefusal refusal, bool link = false)
    {
        log.LogWarning("External sign-in with {Scheme} refused ({Refusal})", scheme, refusal);
        return Redirect(link ? ExternalRefusals.SecurityUrl(refusal) : ExternalRefusals.LoginUrl(refusal));
    }
}
