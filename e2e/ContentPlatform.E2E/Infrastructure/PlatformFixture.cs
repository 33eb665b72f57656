using ContentPlatform.Cms;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ContentPlatform.E2E.Infrastructure;

/// <summary>
/// Both apps on free Kestrel ports with fresh SQLite data, one chromium for the whole collection. Each journey opens its
/// own browser context per user (isolated cookies).
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const string Password = "journey passphrase 2026";

    /// <summary>The content API key the Cms accepts in journeys (ContentApi:Keys:0).</summary>
    public const string ContentApiKey = "journey-content-api-key-0123456789abcdef";

    /// <summary>The organisation whose programs wear the lyng theme in the journeys (the default is fjord).</summary>
    public const string LyngOrganisation = "Helse Lyng";

    private IPlaywright? _playwright;
    private AppFactory<CmsApp>? _cms;
    private AppFactory<DeliveryApp>? _delivery;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The SMTP server the shared Delivery sends its mail to (a real one on loopback, as a trust's would be).</summary>
    public SmtpCatcher Mail { get; } = new();
    public Uri CmsUrl { get; private set; } = null!;
    public Uri DeliveryUrl { get; private set; } = null!;
    public AppFactory<CmsApp> Cms => _cms!;
    public AppFactory<DeliveryApp> Delivery => _delivery!;

    /// <summary>
    /// Stores the Cms's published release of <paramref name="slug"/> in Delivery, as Delivery's Cms sync does on the
    /// publish webhook (the journeys' Delivery is not connected to the Cms, so other journeys keep their own releases).
    /// </summary>
    public async Task DeliverReleaseAsync(string slug, int number)
    {
        using var http = new HttpClient { BaseAddress = CmsUrl };
        http.DefaultRequestHeaders.Add("X-Api-Key", ContentApiKey);
        var json = await http.GetStringAsync($"/api/v1/programs/{Uri.EscapeDataString(slug)}/releases/{number}");
        await Delivery.Services.GetRequiredService<ContentPlatform.Delivery.Content.ReleaseStore>().SaveAsync(json, slug);
    }

    public async Task InitializeAsync()
    {
        // The Cms writes absolute media URLs into releases (Media:PublicBaseUrl), so it must know its address up front.
        // "Preview as a patient" sends the editor from the Cms to Delivery, which reads the draft back from the Cms: each
        // must know the other's address. Delivery does not poll the Cms (see DeliverReleaseAsync).
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var cmsPort = Apps.FreePort();
        var deliveryPort = Apps.FreePort();
        _cms = (await Apps.CmsAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["ContentApi:Keys:0:Name"] = "journeys",
            ["ContentApi:Keys:0:Key"] = ContentApiKey,
            ["Media:PublicBaseUrl"] = $"http://127.0.0.1:{cmsPort}",
            ["Preview:DeliveryUrl"] = $"http://127.0.0.1:{deliveryPort}",
        })).UseRealServer(cmsPort);
        await Mail.StartAsync();
        _delivery = (await Apps.DeliveryAsync(Db.Sqlite, new Dictionary<string, string?>(Mail.Settings())
        {
            ["Cms:BaseUrl"] = $"http://127.0.0.1:{cmsPort}",
            ["Cms:ApiKey"] = ContentApiKey,
            ["Cms:PollInterval"] = "1.00:00:00",
            // Both shipped themes are walked with axe: programs of "Helse Lyng" wear lyng, everything else fjord.
            ["Theme:Organisations:" + LyngOrganisation] = "lyng",
        })).UseRealServer(deliveryPort);
        CmsUrl = _cms.ClientOptions.BaseAddress;
        DeliveryUrl = _delivery.ClientOptions.BaseAddress;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
                // Journeys keep pages open in background tabs (a caseload beside a thread) and expect live updates there.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
            ],
        });
        StepTimings.Record("platform", "start", "", started);
    }

    /// <summary>
    /// Creates a staff user in the Cms with the journey password and an enrolled authenticator; returns its key, from
    /// which <see cref="Totp"/> computes the codes an authenticator app would show.
    /// </summary>
    public async Task<string> CreateStaffAsync(string email, string name, params string[] roles) =>
        (await StaffAccounts.CreateAsync(Cms.Services, email, name, Password, enrol: true, roles))!;

    /// <summary>
    /// Creates a Delivery user (patient or staff in care) with the journey password. Staff get an enrolled authenticator
    /// (a second factor is mandatory for them); its key is returned so a journey can type the code. Null for patients.
    /// </summary>
    public async Task<string?> CreateDeliveryUserAsync(string email, string name, params string[] roles)
    {
        await using var scope = Delivery.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            return existing.TwoFactorEnabled ? await users.GetAuthenticatorKeyAsync(existing) : null;
        }
        var user = new DeliveryUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = true };
        Check(await users.CreateAsync(user, Password));
        foreach (var role in roles)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                Check(await roleManager.CreateAsync(new IdentityRole(role)));
            }
            Check(await users.AddToRoleAsync(user, role));
        }
        if (roles.All(r => r == DeliveryRoles.Patient))
        {
            return null;
        }
        Check(await users.ResetAuthenticatorKeyAsync(user));
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        return await users.GetAuthenticatorKeyAsync(user);
    }

    /// <summary>Moves a Delivery staff account into an organisation (staff pages wear their own organisation's theme).</summary>
    public async Task SetDeliveryOrganisationAsync(string email, string organisation)
    {
        await using var scope = Delivery.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"no Delivery user {email}");
        user.Organisation = organisation;
        Check(await users.UpdateAsync(user));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_cms is not null)
        {
            await _cms.DisposeAsync();
        }
        if (_delivery is not null)
        {
            await _delivery.DisposeAsync();
        }
        await Mail.DisposeAsync();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Debian's chromium: the real binary, not the /usr/bin wrapper script. Never a downloaded browser.</summary>
    private static string ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        foreach (var candidate in new[] { configured, "/usr/lib/chromium/chromium", "/usr/bin/chromium" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("Debian's chromium is not installed (apt-get install chromium); the test command installs it.");
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformGroup : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
