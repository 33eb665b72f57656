using ContentPlatform.Delivery.Identity;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// A patient's alarming answer shows them the safety message (after sending and on their home page) and turns them red in
/// the therapist's caseload with the reason; the therapist reads it, handles it with a note (the row clears), opens module
/// 2, and the patient's home page no longer shows the message; the patient enters module 2 and finds the therapist's visit
/// and the handling in their access log. Two browsers at once.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class TherapistJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb", "desktop")]
    [InlineData("nn", "phone")]
    public async Task An_alert_shows_the_safety_message_turns_the_patient_red_until_handled_and_the_patient_sees_the_access(string culture, string size)
    {
        var nn = culture == "nn";
        var programId = $"triage-{culture}";
        await platform.Delivery.Services.StoreReleaseAsync(SamplePrograms.Guided(id: programId) with { Questionnaires = [SamplePrograms.SafeWeekly(programId)] }, 1);
        var therapistEmail = $"tone.{culture}@example.no";
        var key = (await platform.CreateDeliveryUserAsync(therapistEmail, "Tone Terapeut", DeliveryRoles.Therapist))!;
        var code = await platform.Delivery.Services.InviteAsync(programId, await UserIdAsync(therapistEmail));
        var viewport = size == "phone" ? Journey.Phone : Journey.Desktop;
        var programTitle = nn ? "Roleg pust" : "Rolig pust";

        await using var patient = await Journey.StartAsync(platform.Browser, "therapist-patient", culture, viewport);
        await using var therapist = await Journey.StartAsync(platform.Browser, "therapist-staff", culture, viewport);
        await patient.RunAsync(async p =>
        {
            await DeliverySteps.AcceptInvitationAsync(p, platform.DeliveryUrl, code, "Rolf", $"rolf.{culture}@example.no", nn);
            await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(programTitle);
            await p.CheckAccessibilityAsync();
        });

        // The therapist has the caseload open: Rolf is on track.
        await therapist.RunAsync(async t =>
        {
            await DeliverySteps.SignInStaffAsync(t, platform.DeliveryUrl, therapistEmail, key, nn);
            await Expect(t.Page.Locator("#caseload")).ToHaveAttributeAsync("data-live", "true");
            await Expect(t.Page.Locator("tr", new() { HasText = "Rolf" })).ToHaveAttributeAsync("data-light", "green");
        });

        await patient.RunAsync(async p =>
        {
            await p.GotoAsync(new Uri(platform.DeliveryUrl, DeliveryKit.PageUrl(await EnrollmentAsync(programId), 1, questionnairePage: true, programId)));
            var q = $"b-{SamplePrograms.QuestionnaireBlockId(1, programId)}";
            await p.Page.Locator($"#{q}-q1-1").CheckAsync();
            await p.Page.Locator($"#{q}-q2-1").CheckAsync();
            await p.Page.Locator($"#{q}-q3-2").CheckAsync(); // "often hopeless": the program's alert rule
            await p.Page.GetByRole(AriaRole.Button, new() { Name = "Send inn" }).ClickAsync();
            await Expect(p.Page.Locator($"#{q} .notice")).ToBeVisibleAsync();
            // The safety message comes first, as an alert, with the emergency numbers.
            await Expect(p.Page.Locator($"#{q} .safety-message[role=alert]")).ToContainTextAsync(nn ? "legevakta på 116 117" : "legevakten på 116 117");
            await p.CheckAccessibilityAsync();
            await p.GotoAsync(platform.DeliveryUrl);
            await Expect(p.Page.GetByRole(AriaRole.Region, new() { Name = nn ? "Viktig: treng du hjelp no?" : "Viktig: trenger du hjelp nå?" }))
                .ToContainTextAsync(nn ? "Ta kontakt med behandlaren din i dag." : "Ta kontakt med behandleren din i dag.");
            await p.CheckAccessibilityAsync();
        });

        await therapist.RunAsync(async t =>
        {
            // No reload: the caseload turns Rolf red with the reason as the answer is stored.
            var row = t.Page.Locator("tr", new() { HasText = "Rolf" });
            await Expect(row).ToHaveAttributeAsync("data-light", "red");
            await Expect(row).ToContainTextAsync(nn ? "Vekesjekk: Håplausheit" : "Ukesjekk: Håpløshet");
            await Expect(t.Page.GetByRole(AriaRole.Status)).ToContainTextAsync(nn ? "Pasientlista er oppdatert" : "Pasientlisten er oppdatert");
            // The summary's counts are filter chips that read as a word and a number ("Rød 1"), updated live too.
            await Expect(t.Page.GetByRole(AriaRole.List, new() { Name = nn ? "Tal på pasientar per status" : "Antall pasienter per status" })
                .GetByRole(AriaRole.Link, new() { Name = nn ? "Raud 1" : "Rød 1", Exact = true })).ToBeVisibleAsync();
            await t.CheckAccessibilityAsync();
            await t.ScreenshotAsync($"caseload-{culture}");

            await row.GetByRole(AriaRole.Link, new() { Name = "Rolf" }).ClickAsync();
            await Expect(t.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Rolf");
            await Expect(t.Page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex(nn ? "Vekesjekk" : "Ukesjekk") })).ToBeVisibleAsync();
            await t.CheckAccessibilityAsync();

            // Handled with a note: the reason leaves the status, the handling is listed with the note.
            await t.Page.GetByText(nn ? "Vekesjekk: Håplausheit – merk som handsama" : "Ukesjekk: Håpløshet – marker som håndtert").ClickAsync();
            await t.Page.GetByLabel(nn ? "Kva vart gjort?" : "Hva ble gjort?", new() { Exact = false }).FillAsync("Ringt pasienten, avtalt time");
            await t.Page.GetByRole(AriaRole.Button, new() { Name = nn ? "Merk som handsama" : "Marker som håndtert" }).ClickAsync();
            await Expect(t.Page.GetByRole(AriaRole.Status)).ToContainTextAsync(nn ? "Varselet er merkt som handsama." : "Varselet er markert som håndtert.");
            await Expect(t.Page.Locator(".handled-list")).ToContainTextAsync("Ringt pasienten, avtalt time");
            await Expect(t.Page.Locator("#status-heading")).ToContainTextAsync(nn ? "Grøn" : "Grønn");
            await t.CheckAccessibilityAsync();
            await t.Page.GetByRole(AriaRole.Button, new() { Name = nn ? "Opne «Modul 2: Pust»" : "Åpne «Modul 2: Pust»" }).ClickAsync();
            await Expect(t.Page.GetByRole(AriaRole.Status)).ToContainTextAsync(nn ? "Modulen er opna." : "Modulen er åpnet.");
            await t.CheckAccessibilityAsync();
        });

        await therapist.RunAsync(async t =>
        {
            await t.GotoAsync(new Uri(platform.DeliveryUrl, "/staff"));
            await Expect(t.Page.Locator("tr", new() { HasText = "Rolf" })).ToHaveAttributeAsync("data-light", "green");
        });

        await patient.RunAsync(async p =>
        {
            await p.GotoAsync(platform.DeliveryUrl);
            await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await Expect(p.Page.Locator("#home-safety")).ToHaveCountAsync(0);
            await p.GotoAsync(new Uri(platform.DeliveryUrl, $"/my/{await EnrollmentAsync(programId)}"));
            await p.Page.GetByRole(AriaRole.Link, new() { Name = "Modul 2: Pust" }).ClickAsync();
            await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Pust roleg 2" : "Pust rolig 2");
            await p.CheckAccessibilityAsync();
            await p.GotoAsync(new Uri(platform.DeliveryUrl, "/my-data"));
            await Expect(p.Page.GetByRole(AriaRole.Cell, new() { Name = "Tone Terapeut" }).First).ToBeVisibleAsync();
            await Expect(p.Page.GetByRole(AriaRole.Cell, new() { Name = nn ? "Merkte eit varsel som handsama" : "Markerte et varsel som håndtert" })).ToBeVisibleAsync();
            await Expect(p.Page.GetByText(nn ? "Loggen er kontrollert og uendra." : "Loggen er kontrollert og uendret.")).ToBeVisibleAsync();
            await p.CheckAccessibilityAsync();
        });
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = platform.Delivery.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>().FindByEmailAsync(email))!.Id;
    }

    private async Task<Guid> EnrollmentAsync(string programId)
    {
        await using var scope = platform.Delivery.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentPlatform.Delivery.Data.DeliveryDbContext>();
        return (await db.Enrollments.SingleAsync(e => e.ProgramId == programId)).Id;
    }
}
