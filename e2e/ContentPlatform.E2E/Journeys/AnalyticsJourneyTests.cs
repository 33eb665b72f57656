using ContentPlatform.Cms.Transfer.Files;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// An analyst opens the indicators of the demo programs (from content/, with the demo's synthetic activity), switches
/// period and scope, downloads the CSV, and visits the baseline and export pages: axe on every page, in nb and nn.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class AnalyticsJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb", "phone")]
    [InlineData("nn", "desktop")]
    public async Task An_analyst_reads_the_indicators_of_the_demo_programs_switches_period_and_downloads_csv(string culture, string size)
    {
        await SeedDemoProgramsAsync();
        var email = $"analyst.{culture}.{size}@example.no";
        // Analyst and researcher, so the journey also reaches the export page (researchers only).
        var key = (await platform.CreateDeliveryUserAsync(email, "Ada Analytiker", DeliveryRoles.Analyst, DeliveryRoles.Researcher))!;
        var nn = culture == "nn";

        await using var journey = await Journey.StartAsync(platform.Browser, "analytics", culture, size == "phone" ? Journey.Phone : Journey.Desktop);
        await journey.RunAsync(async j =>
        {
            var page = j.Page;
            await SignInAsStaffAsync(j, new Uri(platform.DeliveryUrl, "/analytics?scope=program:uro&period=all"), email, key);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Indikatorar: Meistring av uro" : "Indikatorer: Mestring av uro");
            // The demo activity is large enough that the funnel shows numbers, not only suppressed cells, for a period
            // reaching back before all data (the demo has about one new patient a day, so a period starting on an
            // arbitrary day usually starts inside a block of the small-number rule and hides its cohort counts).
            var funnel = page.GetByRole(AriaRole.Table, new() { Name = nn ? "Modular: nådd, fullført og mediantid" : "Moduler: nådd, fullført og mediantid" });
            await Expect(funnel.Locator("tbody tr").First.Locator("td").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));
            await Expect(page.Locator("figure svg[role=img]").First).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = nn ? "Slik er tala definerte" : "Slik er tallene definert" })).ToBeVisibleAsync();
            await j.ScreenshotAsync($"analytics-{culture}");

            // Another period, by month.
            await page.GetByLabel("Periode").SelectOptionAsync("52w");
            await page.GetByLabel("Tidsinndeling").SelectOptionAsync("month");
            await page.GetByRole(AriaRole.Button, new() { Name = "Vis" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("period=52w"));
            await Expect(page.GetByRole(AriaRole.Table, new() { Name = nn ? "Tala bak linjediagrammet" : "Tallene bak linjediagrammet" })
                .GetByRole(AriaRole.Columnheader, new() { Name = nn ? "Månad" : "Måned" })).ToBeVisibleAsync();
            await j.CheckAccessibilityAsync();

            // The same numbers as CSV.
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Last ned CSV" }).ClickAsync());
            Assert.StartsWith("indicators-program-uro-", download.SuggestedFilename, StringComparison.Ordinal);
            var csv = await File.ReadAllTextAsync(await download.PathAsync());
            Assert.Contains("scope,from,to,k,section,indicator,value,n", csv, StringComparison.Ordinal);
            Assert.Contains("program:uro", csv, StringComparison.Ordinal);
            Assert.Contains(",summary,enrolled,", csv, StringComparison.Ordinal);

            // The course (the second trust's), then the organisation of the two uro programs: a trust's name has a space,
            // which the scope must carry through the form, the URL and back into the heading.
            await page.GetByLabel(nn ? "Gjeld" : "Gjelder").SelectOptionAsync("program:diabetes1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Vis" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Leve med diabetes type 1");
            await j.CheckAccessibilityAsync();
            await page.GetByLabel(nn ? "Gjeld" : "Gjelder").SelectOptionAsync("org:Helse Fjord");
            await page.GetByRole(AriaRole.Button, new() { Name = "Vis" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Helse Fjord");
            await Expect(page.GetByLabel(nn ? "Gjeld" : "Gjelder")).ToHaveValueAsync("org:Helse Fjord");
            await j.CheckAccessibilityAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = nn ? "Baseline-målingar" : "Baseline-målinger" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Baseline-målingar" : "Baseline-målinger");
            await j.CheckAccessibilityAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = nn ? "Indikatorar" : "Indikatorer" }).First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Indikatorar" : "Indikatorer");
            await j.CheckAccessibilityAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = nn ? "Forskingsuttrekk" : "Forskningsuttrekk" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Forskingsuttrekk" : "Forskningsuttrekk");
            await j.CheckAccessibilityAsync();
        });
    }

    /// <summary>
    /// The one place a journey signs a Delivery staff member in: opens <paramref name="target"/>, is sent to the login
    /// form, and lands back on the target. When staff get a second factor, that step goes here.
    /// </summary>
    /// <summary>Staff sign in with password, then the authenticator code, and are taken back to where they were going.</summary>
    private static async Task SignInAsStaffAsync(Journey j, Uri target, string email, string key)
    {
        await j.GotoAsync(target);
        await j.Page.Locator("#email").FillAsync(email);
        await j.Page.Locator("#password").FillAsync(PlatformFixture.Password);
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
        await Expect(j.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login-2fa"));
        await j.CheckAccessibilityAsync();
        await j.Page.Locator("#code").FillAsync(Totp.Code(key));
        await j.Page.Locator("form button[type=submit]").First.ClickAsync();
        await Expect(j.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(target.PathAndQuery)));
        await j.CheckAccessibilityAsync();
    }

    /// <summary>The demo programs from content/ as Delivery releases, with the demo's synthetic activity (idempotent).</summary>
    private async Task SeedDemoProgramsAsync()
    {
        var read = ContentFolderReader.Read(Path.Combine(RepoPaths.Root, "content"));
        Assert.Empty(read.Errors);
        foreach (var program in read.Programs)
        {
            await platform.Delivery.Services.StoreReleaseAsync(program.Content, 1);
        }
        await using var scope = platform.Delivery.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var releases = scope.ServiceProvider.GetRequiredService<ReleaseStore>();
        foreach (var program in read.Programs)
        {
            await DemoActivity.SeedAsync(db, (await releases.LatestAsync(program.Content.Id))!, DateTimeOffset.UtcNow);
        }
    }
}
