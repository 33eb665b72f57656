using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>A patient's guided program from the invitation to the next locked module, and a course by self sign-up.</summary>
[Collection(PlatformGroup.Name)]
public sealed class PatientJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb", "phone")]
    [InlineData("nn", "desktop")]
    public async Task An_invited_patient_works_through_module_one_without_losing_text_and_waits_for_module_two(string culture, string size)
    {
        var programId = $"rolig-{culture}-{size}";
        var program = SamplePrograms.Guided(id: programId);
        await platform.Delivery.Services.StoreReleaseAsync(program, 1);
        var code = await platform.Delivery.Services.InviteAsync(programId);
        var nn = culture == "nn";
        var exercise = $"#b-{SamplePrograms.ExerciseId(1, programId)}";

        await using var journey = await Journey.StartAsync(platform.Browser, "guided-program", culture, size == "phone" ? Journey.Phone : Journey.Desktop);
        await journey.RunAsync(async j =>
        {
            var page = j.Page;
            await j.GotoAsync(new Uri(platform.DeliveryUrl, $"/invitation/{code}"));
            await page.GetByLabel(nn ? "Namnet ditt" : "Navnet ditt").FillAsync("Anne");
            await page.GetByLabel("E-postadresse").FillAsync($"anne.{programId}@example.no");
            await page.GetByLabel(nn ? "Vel eit passord" : "Velg et passord").FillAsync(PlatformFixture.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Lag konto og start" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Roleg pust" : "Rolig pust");
            // A guided program has a care team: messages are offered, and the footer says to write to the therapist.
            await Expect(page.Locator("a[href^='/my/messages']").First).ToBeAttachedAsync();
            await Expect(page.Locator(".site-footer")).ToContainTextAsync(nn ? "Skriv til behandlaren din." : "Skriv til behandleren din.");
            await j.CheckAccessibilityAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Modul 1: Pust" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Pust roleg 1" : "Pust rolig 1");
            await j.CheckAccessibilityAsync();
            await j.ScreenshotAsync($"module-page-{culture}");

            // Typed text is saved as the patient types and survives a reload.
            var answer = page.Locator($"{exercise} textarea");
            await answer.FillAsync("Jobbmøtet på mandag.");
            await Expect(page.Locator($"{exercise} .save-status")).ToHaveAttributeAsync("data-state", "saved");
            await page.ReloadAsync();
            await j.CheckAccessibilityAsync();
            await Expect(answer).ToHaveValueAsync("Jobbmøtet på mandag.");

            // Offline: the text stays in the browser, and is saved when the network is back.
            await j.Context.SetOfflineAsync(true);
            await answer.FocusAsync();
            await answer.PressAsync("Control+End");
            await answer.PressSequentiallyAsync(" Og toget var seint.");
            await Expect(page.Locator($"{exercise} .save-status")).ToHaveAttributeAsync("data-state", "offline");
            await j.Context.SetOfflineAsync(false);
            await Expect(page.Locator($"{exercise} .save-status")).ToHaveAttributeAsync("data-state", "saved", new() { Timeout = 15_000 });
            Assert.Equal("Jobbmøtet på mandag. Og toget var seint.", await StoredAnswerAsync(SamplePrograms.ExerciseId(1, programId)));

            await page.GetByRole(AriaRole.Link, new() { Name = "Neste" }).ClickAsync();
            await j.CheckAccessibilityAsync();
            var questionnaire = $"b-{SamplePrograms.QuestionnaireBlockId(1, programId)}";
            await page.Locator($"#{questionnaire}-q1-1").CheckAsync();
            await page.Locator($"#{questionnaire}-q2-2").CheckAsync();
            await page.Locator($"#{questionnaire}-q3-1").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Send inn" }).ClickAsync();
            // 4 of 9 is the middle band, whose label differs between the languages (the sentence around it does not).
            await Expect(page.Locator($"#{questionnaire} .notice")).ToContainTextAsync(
                nn ? "Poengsummen din er 4 av 9: nokre plager" : "Poengsummen din er 4 av 9: noen plager");
            await j.CheckAccessibilityAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Fullfør modulen" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Du har fullført «Modul 1: Pust»");
            await Expect(page.GetByText("33 % fullført")).ToBeVisibleAsync();
            await Expect(page.GetByText(nn ? "behandlaren din opnar denne modulen" : "behandleren din åpner denne modulen").First).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Modul 2: Pust" })).ToHaveCountAsync(0);
            await j.CheckAccessibilityAsync();

            await j.GotoAsync(platform.DeliveryUrl);
            await Expect(page.GetByText("33 % fullført").First).ToBeVisibleAsync();

            // The therapist opens module 2; the patient now finds it open.
            await OpenModuleAsync(programId, SamplePrograms.ModuleId(2, programId));
            await page.GetByRole(AriaRole.Link, new() { Name = nn ? "Roleg pust" : "Rolig pust" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Modul 2: Pust" })).ToBeVisibleAsync();
            await j.CheckAccessibilityAsync();
        });
    }

    [Theory]
    [InlineData("nb", "desktop")]
    [InlineData("nn", "phone")]
    public async Task A_visitor_signs_up_for_a_course_and_gets_feedback_on_a_quiz(string culture, string size)
    {
        var courseId = $"sov-{culture}-{size}";
        var nn = culture == "nn";
        // A cover from the release's media manifest, as the Cms publishes one (here an image Delivery itself serves).
        var course = SamplePrograms.Course(courseId) with
        {
            Cover = new CoverImage { Media = "sov-cover", Alt = SamplePrograms.T("Et rolig soverom", "Eit roleg soverom") },
        };
        await platform.Delivery.Services.GetRequiredService<ReleaseStore>().SaveAsync(System.Text.Json.JsonSerializer.Serialize(new ProgramRelease
        {
            ProgramId = courseId, Number = 1, PublishedAt = DateTimeOffset.UtcNow, PublishedBy = "tests", ContentHash = ProgramRelease.HashOf(course),
            Content = course,
            Media = [new MediaAsset { Key = "sov-cover", Kind = MediaKind.Image, ContentType = "image/png", Url = "/themes/fjord/icon-192.png", Width = 192, Height = 192 }],
        }, ContractJson.Options), courseId);

        await using var journey = await Journey.StartAsync(platform.Browser, "course", culture, size == "phone" ? Journey.Phone : Journey.Desktop);
        await journey.RunAsync(async j =>
        {
            var page = j.Page;
            // The course list: each card with its picture, this one the course's cover with its alt text in the page's language.
            await j.GotoAsync(new Uri(platform.DeliveryUrl, "/courses"));
            var cover = page.Locator($"article[aria-labelledby='course-{courseId}'] img.card-cover");
            await Expect(cover).ToHaveAttributeAsync("alt", nn ? "Eit roleg soverom" : "Et rolig soverom");
            await Expect(cover).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await cover.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the cover did not load");
            await j.GotoAsync(new Uri(platform.DeliveryUrl, $"/courses/{courseId}"));
            await page.GetByLabel(nn ? "Namnet ditt" : "Navnet ditt").FillAsync("Kari");
            await page.GetByLabel("E-postadresse").FillAsync($"kari.{courseId}@example.no");
            await page.GetByLabel(nn ? "Vel eit passord" : "Velg et passord").FillAsync(PlatformFixture.Password);
            // The privacy notice must be accepted; then the address must be confirmed before the account can be used.
            await page.GetByRole(AriaRole.Button, new() { Name = "Start kurset" }).ClickAsync();
            await Expect(page.Locator(".alert-error")).ToContainTextAsync(nn ? "Les personvernerklæringa" : "Les personvernerklæringen");
            await page.GetByLabel(nn ? "Vel eit passord" : "Velg et passord").FillAsync(PlatformFixture.Password);
            await page.Locator("#privacy-accepted").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Start kurset" }).ClickAsync();
            await Expect(page.Locator("#confirm-heading")).ToHaveTextAsync("Sjekk e-posten din");
            await j.CheckAccessibilityAsync();
            await j.GotoAsync(await platform.MailedLinkAsync($"kari.{courseId}@example.no", "/courses/confirm?"));
            await j.CheckAccessibilityAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = nn ? "Stadfest og start kurset" : "Bekreft og start kurset" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sov godt");
            // A course has no care team: no way to messages (not even in the folded phone menu), no "write to your therapist".
            await Expect(page.Locator("a[href^='/my/messages']")).ToHaveCountAsync(0);
            await Expect(page.Locator(".site-footer")).Not.ToContainTextAsync(nn ? "behandlaren din" : "behandleren din");
            await j.CheckAccessibilityAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = nn ? "Søvnvanar" : "Søvnvaner" }).ClickAsync();
            await j.CheckAccessibilityAsync();
            await page.Locator($"#b-{courseId}-m1-quiz-a").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sjekk svaret" }).ClickAsync();
            await Expect(page.Locator(".feedback.incorrect")).ToContainTextAsync(nn ? "Ikkje rett" : "Ikke riktig");
            await j.CheckAccessibilityAsync();
            await page.Locator($"#b-{courseId}-m1-quiz-b").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sjekk svaret" }).ClickAsync();
            await Expect(page.Locator(".feedback.correct")).ToContainTextAsync(nn ? "Rett" : "Riktig");
            await j.CheckAccessibilityAsync();

            await j.GotoAsync(new Uri(platform.DeliveryUrl, "/my-data"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Opplysningane mine" : "Mine opplysninger");
            await page.Locator("#footer-privacy").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Personvern");
            await j.CheckAccessibilityAsync();

            // Forgot password, on another day: the sign-in page's link, the mail's one-time link, a new password.
            await page.Context.ClearCookiesAsync();
            await j.GotoAsync(new Uri(platform.DeliveryUrl, "/account/login"));
            await page.Locator("a[href='/account/forgot']").ClickAsync();
            await j.CheckAccessibilityAsync();
            await page.Locator("#email").FillAsync($"kari.{courseId}@example.no");
            await page.Locator("form:has(#email) button[type=submit]").ClickAsync();
            await Expect(page.Locator("#forgot-sent")).ToBeVisibleAsync();
            await j.CheckAccessibilityAsync();
            await j.GotoAsync(await platform.MailedLinkAsync($"kari.{courseId}@example.no", "/account/reset?"));
            await page.Locator("#password").FillAsync("kari sitt nye passord");
            await j.CheckAccessibilityAsync();
            await page.Locator("form:has(#password) button[type=submit]").ClickAsync();
            await Expect(page.Locator("#reset-done")).ToBeVisibleAsync();
            await j.CheckAccessibilityAsync();
            await j.GotoAsync(new Uri(platform.DeliveryUrl, "/account/login"));
            await page.Locator("#email").FillAsync($"kari.{courseId}@example.no");
            await page.Locator("#password").FillAsync("kari sitt nye passord");
            await page.Locator("form:has(#password) button[type=submit]").ClickAsync();
            await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/"));
            await Expect(page.Locator("#login-error")).ToHaveCountAsync(0);
            await j.CheckAccessibilityAsync();
        });
    }

    private async Task<string?> StoredAnswerAsync(string blockId)
    {
        await using var scope = platform.Delivery.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        return await db.Answers.Where(a => a.BlockId == blockId).Select(a => a.Value).SingleOrDefaultAsync();
    }

    private async Task OpenModuleAsync(string programId, string moduleId)
    {
        await using var scope = platform.Delivery.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var enrollment = await db.Enrollments.SingleAsync(e => e.ProgramId == programId);
        db.ModuleOpenings.Add(new ModuleOpening { EnrollmentId = enrollment.Id, ModuleId = moduleId, OpenedBy = "therapist", OpenedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }
}
