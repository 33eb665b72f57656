using System.Diagnostics;
using ContentPlatform.Cms.Identity;
using ContentPlatform.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// A media producer uploads a video in the manager, watches its processing bar reach 100 % (pushed over SignalR), and
/// adds Nynorsk and Bokmål captions, in both languages, with axe on every page.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class MediaLibraryJourneyTests(PlatformFixture platform)
{
    private static readonly string[] CaptionOrder = ["nn", "nb"];

    [Theory]
    [InlineData("nb", "Teksting finnes på alle påkrevde språk.", "Mangler teksting på: Bokmål, Nynorsk")]
    [InlineData("nn", "Teksting finst på alle påkravde språk.", "Manglar teksting på: Bokmål, Nynorsk")]
    public async Task A_producer_uploads_a_video_sees_processing_reach_100_percent_and_adds_nn_and_nb_captions(string culture,
        string allCaptions, string missingCaptions)
    {
        var email = $"mona.{culture}@example.no";
        var key = await platform.CreateStaffAsync(email, "Mona", StaffRoles.Editor);
        var folder = Directory.CreateTempSubdirectory("cp-e2e-media-").FullName;
        try
        {
            var video = Path.Combine(folder, $"pusteovelse-{culture}.mp4");
            await FFmpegAsync($"-f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=frequency=300 -t 3 -c:v libx264 " +
                              $"-preset ultrafast -pix_fmt yuv420p -c:a aac -shortest \"{video}\"");
            foreach (var language in CaptionOrder)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, $"{language}.vtt"),
                    $"WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n{(language == "nn" ? "Pust roleg inn" : "Pust rolig inn")}\n");
            }

            await using var journey = await Journey.StartAsync(platform.Browser, "media-upload", culture);
            await journey.RunAsync(async j =>
            {
                var page = j.Page;
                await j.GotoAsync(platform.CmsUrl);
                await page.GetByLabel("E-postadresse").FillAsync(email);
                await page.GetByLabel("Passord").FillAsync(PlatformFixture.Password);
                await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
                await j.CheckAccessibilityAsync(); // the second-factor step
                await page.GetByLabel(new System.Text.RegularExpressions.Regex("Kode fr")).FillAsync(ContentPlatform.Tests.Infrastructure.Totp.Code(key));
                await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
                var libraryLink = page.GetByRole(AriaRole.Link, new() { Name = "Mediebibliotek" });
                await Expect(libraryLink).ToBeVisibleAsync();
                await j.CheckAccessibilityAsync();

                await libraryLink.ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mediebibliotek");
                await j.CheckAccessibilityAsync();

                await page.Locator("#media-files").SetInputFilesAsync(video);
                await page.GetByRole(AriaRole.Button, new() { Name = "Last opp", Exact = true }).ClickAsync();
                var processing = page.Locator("[data-upload-job]");
                await Expect(processing.Locator("progress")).ToHaveJSPropertyAsync("value", 100, new() { Timeout = 60_000 });
                await Expect(processing.Locator(".pct")).ToHaveTextAsync("100 %");
                await j.CheckAccessibilityAsync();

                await page.Locator("#media-upload-list a").ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Path.GetFileName(video));
                await Expect(page.Locator("#captions-missing")).ToHaveTextAsync(missingCaptions);
                await j.CheckAccessibilityAsync();

                foreach (var language in CaptionOrder)
                {
                    await page.Locator($"#captions-{language}").SetInputFilesAsync(Path.Combine(folder, $"{language}.vtt"));
                    await page.Locator($"form:has(#captions-{language}) button").ClickAsync();
                    await Expect(page.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
                    await j.CheckAccessibilityAsync();
                }
                await Expect(page.Locator("#captions-missing")).ToHaveTextAsync(allCaptions);
                await Expect(page.Locator("video track")).ToHaveCountAsync(2);
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task FFmpegAsync(string args)
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", $"-hide_banner -loglevel error -y {args}")
        {
            RedirectStandardError = true,
        })!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
    }
}
