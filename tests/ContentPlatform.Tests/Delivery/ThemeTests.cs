using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.CareTeams;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// Organisation themes: every shipped theme links its favicon, touch icon and web manifest and they load; a regional
/// installation dresses each enrollment in its own trust's theme (chosen by the program's organisation), staff in their
/// own organisation's, and everything else in the default theme.
/// </summary>
public sealed class ThemeTests
{
    public static TheoryData<string> ShippedThemes() =>
        [.. Directory.GetDirectories(Path.Combine(RepoPaths.Root, "themes")).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Theory, MemberData(nameof(ShippedThemes))]
    public async Task A_shipped_theme_links_its_favicon_touch_icon_and_manifest_and_each_loads(string theme)
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite, new Dictionary<string, string?> { ["Theme:Name"] = theme });
        var client = app.CreateClient();
        var head = new HtmlParser().ParseDocument(await client.GetStringAsync("/")).Head!;

        var icon = head.QuerySelector("link[rel=icon][type='image/svg+xml']")?.GetAttribute("href");
        var touch = head.QuerySelector("link[rel=apple-touch-icon]")?.GetAttribute("href");
        var manifestUrl = head.QuerySelector("link[rel=manifest]")?.GetAttribute("href");
        Assert.Equal($"/themes/{theme}/favicon.svg", icon);
        Assert.Equal($"/themes/{theme}/apple-touch-icon.png", touch);
        Assert.Equal($"/themes/{theme}/manifest.webmanifest", manifestUrl);
        await AssertLoadsAsync(client, icon!, "image/svg+xml");
        await AssertLoadsAsync(client, touch!, "image/png");

        var manifestResponse = await AssertLoadsAsync(client, manifestUrl!, "application/manifest+json");
        using var manifest = JsonDocument.Parse(await manifestResponse.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(manifest.RootElement.GetProperty("name").GetString()));
        var colour = manifest.RootElement.GetProperty("theme_color").GetString();
        Assert.Matches("^#[0-9a-f]{6}$", colour);
        Assert.Equal(colour, head.QuerySelector("meta[name=theme-color]")?.GetAttribute("content"));
        foreach (var entry in manifest.RootElement.GetProperty("icons").EnumerateArray())
        {
            // Icons in a manifest are relative to the manifest's own address.
            await AssertLoadsAsync(client, $"/themes/{theme}/{entry.GetProperty("src").GetString()}", entry.GetProperty("type").GetString()!);
        }
    }

    [Fact]
    public async Task Each_enrollment_wears_its_programs_organisation_theme_and_staff_their_own_organisations()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Theme:Name"] = "fjord",
            ["Theme:Organisations:Helse Lyng"] = "lyng",
        });
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(id: "lyng-pust") with { Organisation = "Helse Lyng" }, 1);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(id: "test-pust"), 1); // "Helse Test": no theme of its own
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var (_, lyngEnrollment) = await app.Services.EnrolledPatientAsync("lise@example.no", "lyng-pust", tone.Id, "Lise");
        var (_, testEnrollment) = await app.Services.EnrolledPatientAsync("tor@example.no", "test-pust", "someone-else", "Tor");

        var lise = await app.SignedInClientAsync("lise@example.no");
        Assert.Equal(("lyng", "Helse Lyng"), await ThemeOfAsync(lise, $"/my/{lyngEnrollment}"));
        Assert.Equal(("lyng", "Helse Lyng"), await ThemeOfAsync(lise, "/")); // her front page too
        var tor = await app.SignedInClientAsync("tor@example.no");
        Assert.Equal(("fjord", "Helse Fjord"), await ThemeOfAsync(tor, $"/my/{testEnrollment}"));
        // Tone leads a Lyng patient but works for the default organisation: her pages wear its theme, not her patients'.
        var staff = await app.SignedInClientAsync("tone@example.no");
        Assert.Equal(("fjord", "Helse Fjord"), await ThemeOfAsync(staff, "/staff"));
        var lars = await app.Services.CreateUserAsync("lars@example.no", "Lars", DeliveryRoles.ClinicAdmin);
        await app.DbAsync(d => d.Users.Where(u => u.Id == lars.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Organisation, "Helse Lyng")));
        Assert.Equal(("lyng", "Helse Lyng"), await ThemeOfAsync(await app.SignedInClientAsync("lars@example.no"), "/staff"));
        Assert.Equal(("fjord", "Helse Fjord"), await ThemeOfAsync(app.CreateClient(), "/"));

        // The invitation already wears the trust's look.
        var code = await app.Services.InviteAsync("lyng-pust", tone.Id);
        Assert.Equal(("lyng", "Helse Lyng"), await ThemeOfAsync(app.CreateClient(), $"/invitation/{code}"));
    }

    private static async Task<(string Theme, string? Organisation)> ThemeOfAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var css = page.QuerySelector("link[rel=stylesheet][href$='/theme.css']")!.GetAttribute("href")!;
        Assert.Equal(css.Split('/')[2], page.QuerySelector("header .brand img")!.GetAttribute("src")!.Split('/')[2]);
        return (css.Split('/')[2], page.QuerySelector(".brand-organisation")?.TextContent);
    }

    private static async Task<HttpResponseMessage> AssertLoadsAsync(HttpClient client, string url, string contentType)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Content.Headers.ContentLength > 0, $"{url} is empty");
        return response;
    }
}
