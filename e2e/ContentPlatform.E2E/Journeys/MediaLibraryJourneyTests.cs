using System.Diagnostics;
using ContentPlatform.Cms.Identity;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// A media producer uploads a video in the manager, watches its processing bar reach 100 % (pushed over SignalR), adds
/// Nynorsk and Bokmål captions, puts the video on a page with the media picker; a reviewer publishes the program, and a
/// patient plays the video in Delivery with captions in the page's language. In both languages, with axe on every page.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class MediaLibraryJourneyTests(PlatformFixture platform)
{
    private static readonly string[] CaptionOrder = ["nn", "nb"];

    [Theory]
    [InlineData("nb", "Teksting finnes på alle påkrevde språk.", "Mangler teksting på: Bokmål, Nynorsk")]
    [InlineData("nn", "Teksting finst på alle påkravde språk.", "Manglar teksting på: Bokmål, Nynorsk")]
    public async Task A_producer_uploads_a_captioned_video_uses_it_in_a_page_and_a_patient_plays_it_with_captions_after_publishing(
        string culture, string allCaptions, string missingCaptions)
    {
        string T(string nb, string nn) => culture == "nn" ? nn : nb;
        var email = $"mona.{culture}@example.no";
        var key = await platform.CreateStaffAsync(email, "Mona", StaffRoles.Editor);
        var reviewerEmail = $"rune.media.{culture}@example.no";
        var reviewerKey = await platform.CreateStaffAsync(reviewerEmail, "Rune", StaffRoles.Reviewer);
        var programId = $"pust-video-{culture}";
        await ManagerSamples.CreateAsync(platform.Cms.Services, ManagerSamples.Valid(programId), "mona");
        var cms = platform.CmsUrl;
        var folder = Directory.CreateTempSubdirectory("cp-e2e-media-").FullName;
        try
        {
            var video = Path.Combine(folder, $"pusteovelse-{culture}.mp4");
            await FFmpegAsync($"-f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=frequency=300 -t 3 -c:v libx264 " +
                              $"-preset ultrafast -pix_fmt yuv420p -c:a aac -shortest \"{video}\"");
            var cover = Path.Combine(folder, $"soverom-{culture}.png");
            await FFmpegAsync($"-f lavfi -i testsrc2=size=640x360 -frames:v 1 \"{cover}\"");
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
                await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
                await j.CheckAccessibilityAsync(); // the second-factor step
                await page.GetByLabel(new System.Text.RegularExpressions.Regex("Kode fr")).FillAsync(ContentPlatform.Tests.Infrastructure.Totp.Code(key));
                await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
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
                var mediaKey = (await page.Locator(".facts dd code").First.TextContentAsync())!.Trim();

                // Use it in a page: a video block, the video chosen in the media picker (keyboard only).
                await j.GotoAsync(new Uri(cms, $"/programs/{programId}/pages/{programId}-p1"));
                await page.Locator("#new-type").SelectOptionAsync("video");
                await page.GetByRole(AriaRole.Button, new() { Name = "Legg til blokk", Exact = true }).ClickAsync();
                var block = page.Locator(".block").Last;
                await Expect(block.Locator("h2")).ToContainTextAsync("Video");
                await j.CheckAccessibilityAsync();
                await block.Locator("[id$=-title-nb]").FillAsync("Pust rolig med meg");
                await block.Locator("[id$=-title-nn]").FillAsync("Pust roleg med meg");
                await block.Locator("[id$=-transcript-nb]").FillAsync("Pust rolig inn.");
                await block.Locator("[id$=-transcript-nn]").FillAsync("Pust roleg inn.");

                var choose = block.GetByRole(AriaRole.Button, new() { Name = T("Velg media: Mediefil", "Vel media: Mediefil"), Exact = true });
                await choose.FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = T("Velg fra mediebiblioteket", "Vel frå mediebiblioteket") });
                await Expect(dialog).ToBeVisibleAsync();
                await Expect(dialog.GetByRole(AriaRole.Searchbox)).ToBeFocusedAsync();
                await page.Keyboard.TypeAsync($"pusteovelse-{culture}");
                var pick = dialog.GetByRole(AriaRole.Button, new() { Name = T("Velg ", "Vel ") + Path.GetFileName(video), Exact = true });
                await Expect(pick).ToHaveCountAsync(1);
                await Expect(dialog.Locator(".picker-item")).ToHaveCountAsync(1); // only this video, no captions or other kinds
                await Expect(dialog.Locator(".picker-item .badge.ok")).ToHaveTextAsync(allCaptions);
                await Expect(dialog.Locator(".picker-item img")).ToHaveCountAsync(1); // the poster as thumbnail
                await j.CheckAccessibilityAsync(); // the open dialog
                await pick.FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                await Expect(dialog).ToBeHiddenAsync();
                await Expect(choose).ToBeFocusedAsync(); // focus goes back to where it was
                await Expect(block.Locator("[id$=-media]")).ToHaveValueAsync(mediaKey);
                // The video's captions come along from the library.
                await Expect(block.Locator("[id$=-captions-nb]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(".+"));
                await Expect(block.Locator("[id$=-captions-nn]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(".+"));
                await Expect(page.Locator("#media-picker-announce")).ToContainTextAsync(Path.GetFileName(video));
                await page.GetByRole(AriaRole.Button, new() { Name = "Lagre", Exact = true }).First.ClickAsync();
                await Expect(page.Locator(".block").Last.Locator("[id$=-media]")).ToHaveValueAsync(mediaKey);
                await j.CheckAccessibilityAsync();

                // The course's cover: an image from the library, chosen with the picker, with its alt text in both languages.
                await j.GotoAsync(new Uri(cms, "/media"));
                await page.Locator("#media-files").SetInputFilesAsync(cover);
                await page.GetByRole(AriaRole.Button, new() { Name = "Last opp", Exact = true }).ClickAsync();
                await Expect(page.Locator("#media-upload-list a", new() { HasText = Path.GetFileName(cover) })).ToBeVisibleAsync();
                await j.GotoAsync(new Uri(cms, $"/programs/{programId}"));
                var coverSection = page.Locator("#cover");
                await coverSection.GetByRole(AriaRole.Button, new() { Name = T("Velg media: Forsidebilde", "Vel media: Forsidebilete"), Exact = true }).ClickAsync();
                var coverDialog = page.GetByRole(AriaRole.Dialog, new() { Name = T("Velg fra mediebiblioteket", "Vel frå mediebiblioteket") });
                await page.Keyboard.TypeAsync($"soverom-{culture}");
                await coverDialog.GetByRole(AriaRole.Button, new() { Name = T("Velg ", "Vel ") + Path.GetFileName(cover), Exact = true }).ClickAsync();
                await Expect(coverDialog).ToBeHiddenAsync();
                await Expect(coverSection.Locator("#f-cover-media")).Not.ToHaveValueAsync("");
                await coverSection.Locator("#f-cover-alt-nb").FillAsync("Et rolig soverom");
                await coverSection.Locator("#f-cover-alt-nn").FillAsync("Eit roleg soverom");
                await coverSection.GetByRole(AriaRole.Button, new() { Name = "Lagre", Exact = true }).ClickAsync();
                await Expect(page.Locator("#f-cover-alt-nn")).ToHaveValueAsync("Eit roleg soverom");
                await j.CheckAccessibilityAsync();

                await j.GotoAsync(new Uri(cms, $"/programs/{programId}/review"));
                await Expect(page.Locator("#problems-heading")).ToContainTextAsync("(0)");
                await page.GetByRole(AriaRole.Button, new() { Name = "Send til gjennomgang", Exact = true }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("sendt til gjennomgang");
                await j.CheckAccessibilityAsync();
            });

            // A reviewer approves and publishes.
            await using var reviewer = await Journey.StartAsync(platform.Browser, "media-review", culture);
            await reviewer.RunAsync(async j =>
            {
                await CmsSteps.SignInAsync(j, cms, reviewerEmail, reviewerKey);
                await j.GotoAsync(new Uri(cms, $"/programs/{programId}/review"));
                await j.Page.GetByRole(AriaRole.Button, new() { Name = "Godkjenn", Exact = true }).ClickAsync();
                await j.CheckAccessibilityAsync();
                await j.Page.GetByRole(AriaRole.Button, new() { Name = T("Publiser nå", "Publiser no"), Exact = true }).ClickAsync();
                await Expect(j.Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("publisert");
                await j.CheckAccessibilityAsync();
            });
            await platform.DeliverReleaseAsync(programId, 1);

            // A patient signs up for the course and plays the video, with captions in the page's language.
            await using var patient = await Journey.StartAsync(platform.Browser, "media-play", culture);
            await patient.RunAsync(async j =>
            {
                var page = j.Page;
                // The course list shows the chosen cover on the course's card, described in the page's language.
                await j.GotoAsync(new Uri(platform.DeliveryUrl, "/courses"));
                var card = page.Locator($"article[aria-labelledby='course-{programId}'] img.card-cover");
                await Expect(card).ToHaveAttributeAsync("alt", T("Et rolig soverom", "Eit roleg soverom"));
                await Expect(card).ToHaveJSPropertyAsync("complete", true);
                Assert.True(await card.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the cover did not load");
                await j.CheckAccessibilityAsync();
                await j.GotoAsync(new Uri(platform.DeliveryUrl, $"/courses/{programId}"));
                await page.GetByLabel(T("Navnet ditt", "Namnet ditt")).FillAsync("Kari");
                await page.GetByLabel("E-postadresse").FillAsync($"kari.{programId}@example.no");
                await page.GetByLabel(T("Velg et passord", "Vel eit passord")).FillAsync(PlatformFixture.Password);
                await page.Locator("#privacy-accepted").CheckAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Start kurset" }).ClickAsync();
                await Expect(page.Locator("#confirm-heading")).ToBeVisibleAsync();
                await j.GotoAsync(await platform.MailedLinkAsync($"kari.{programId}@example.no", "/courses/confirm?"));
                await page.Locator("form:has(input[name=t]) button[type=submit]").ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(T("Pust rolig", "Pust roleg"));
                await j.CheckAccessibilityAsync();
                await page.GetByRole(AriaRole.Link, new() { Name = "Første modul" }).ClickAsync();
                await j.CheckAccessibilityAsync();

                var player = page.Locator("figure.video video");
                await Expect(player.Locator("track")).ToHaveCountAsync(2);
                await Expect(player.Locator($"track[srclang={culture}]")).ToHaveAttributeAsync("default", "");
                await Expect(player.Locator("track[default]")).ToHaveCountAsync(1);
                await Expect(page.Locator("figure.video figcaption")).ToHaveTextAsync(T("Pust rolig med meg", "Pust roleg med meg"));

                // The default track is showing and its cues arrived (cross-origin, from the Cms), and the video plays.
                await page.WaitForFunctionAsync(
                    """
                    lang => {
                      const v = document.querySelector("figure.video video");
                      const showing = [...v.textTracks].filter(t => t.mode === "showing");
                      return showing.length === 1 && showing[0].language === lang && showing[0].cues && showing[0].cues.length > 0;
                    }
                    """, culture);
                var cue = await page.EvaluateAsync<string>("() => [...document.querySelector('figure.video video').textTracks].find(t => t.mode === 'showing').cues[0].text");
                Assert.Equal(T("Pust rolig inn", "Pust roleg inn"), cue);
                // Headless chromium has no user gesture to give, so the patient's click on play is a muted play().
                await player.EvaluateAsync("v => { v.muted = true; return v.play(); }");
                await page.WaitForFunctionAsync("() => document.querySelector('figure.video video').currentTime > 0.2");
                await j.CheckAccessibilityAsync();
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
