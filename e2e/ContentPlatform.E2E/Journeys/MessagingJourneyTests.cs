using ContentPlatform.Delivery.Identity;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// A patient and their therapist, each in their own browser at once: the patient writes, the therapist's thread and
/// caseload (in a second tab) show it without a reload, the therapist answers from a template (edited before sending), the patient sees the answer arrive,
/// and the therapist sees it read.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class MessagingJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task A_patients_message_reaches_the_therapist_live_and_a_templated_reply_comes_back_live_and_is_read(string culture)
    {
        var nn = culture == "nn";
        var programId = $"melding-{culture}";
        var program = SamplePrograms.Guided(id: programId) with
        {
            ReplyTemplates =
            [
                new ReplyTemplate
                {
                    Id = $"{programId}-takk", Title = LocalizedText.Of("Takk for meldingen", "Takk for meldinga"),
                    Body = LocalizedText.Of("Hei {fornavn}! Takk for at du skrev om «{modul}».", "Hei {fornavn}! Takk for at du skreiv om «{modul}»."),
                },
            ],
        };
        await platform.Delivery.Services.StoreReleaseAsync(program, 1);
        // Own addresses: the journeys share one Delivery, and other journeys have their own Anne.
        var therapistEmail = $"terapeut.msg.{culture}@example.no";
        var patientEmail = $"anne.msg.{culture}@example.no";
        var therapist = await platform.Delivery.Services.CreateUserAsync(therapistEmail, "Tone Terapeut", DeliveryRoles.Therapist);
        var (_, enrollment) = await platform.Delivery.Services.EnrolledPatientAsync(patientEmail, programId, therapist.Id, "Anne Askeladd");
        var patientThread = new Uri(platform.DeliveryUrl, $"/my/messages/{enrollment}");
        var therapistThread = new Uri(platform.DeliveryUrl, $"/staff/messages/{enrollment}");

        await using var patient = await Journey.StartAsync(platform.Browser, "messaging-patient", culture);
        await using var staff = await Journey.StartAsync(platform.Browser, "messaging-therapist", culture);
        await staff.RunAsync(async t => await patient.RunAsync(async p =>
        {
            await SignInStaffAsync(t, therapistEmail, nn);
            // The caseload stays open in a second tab and must follow without a reload. It is checked on the row's
            // "waiting" clock, which lasts until the reply: the unread count passes too quickly to be a stable signal,
            // because the open thread marks the message read within a second.
            var caseload = await t.Context.NewPageAsync();
            await caseload.GotoAsync(new Uri(platform.DeliveryUrl, "/staff").ToString());
            await Expect(caseload.Locator("#caseload")).ToHaveAttributeAsync("data-live", "true");
            await t.CheckAccessibilityAsync(caseload);
            var messagesCell = caseload.Locator($"tr[data-enrollment='{enrollment}'] td").Nth(2);
            // The cell's text is its phone label (hidden from screen readers) and its value: nothing waiting is a dash.
            var nothingWaiting = new System.Text.RegularExpressions.Regex(@"^\s*(Meldinger|Meldingar)?\s*–\s*$");
            await Expect(messagesCell).ToHaveTextAsync(nothingWaiting);
            await t.GotoAsync(therapistThread);
            await Expect(t.Page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");

            await SignInPatientAsync(p, patientEmail);
            await p.GotoAsync(patientThread);
            await Expect(p.Page.GetByText(nn ? "Du får svar innan 3 dagar." : "Du får svar innen 3 dager.")).ToBeVisibleAsync();
            await Expect(p.Page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");

            // The patient writes; the text is kept in the browser while typing, and the message shows up on the therapist's page.
            var text = nn ? "Eg prøvde pusteøvinga i dag.\nDet hjelpte litt." : "Jeg prøvde pusteøvelsen i dag.\nDet hjalp litt.";
            await p.Page.GetByLabel("Ny melding").FillAsync(text);
            await p.Page.GetByRole(AriaRole.Button, new() { Name = "Send melding" }).ClickAsync();
            await Expect(p.Page.Locator("ol.messages li.mine .body")).ToHaveTextAsync(text);
            await Expect(p.Page.GetByLabel("Ny melding")).ToHaveValueAsync("");
            await p.CheckAccessibilityAsync();

            await Expect(t.Page.Locator("ol.messages li.theirs .body")).ToHaveTextAsync(text);
            await Expect(t.Page.Locator("#thread-live")).ToContainTextAsync(nn ? "Ny melding frå Anne Askeladd" : "Ny melding fra Anne Askeladd");
            // A message that arrives live shows Norwegian wall-clock time ("i dag 14:05"), whatever the browser's zone.
            Assert.Contains(await t.Page.Locator("ol.messages li.theirs time").InnerTextAsync(), OsloTodayAround(DateTimeOffset.UtcNow));
            await t.CheckAccessibilityAsync();
            await Expect(messagesCell).ToContainTextAsync(nn ? "har venta" : "har ventet", new() { Timeout = 30_000 });
            await Expect(caseload.Locator("#caseload-status")).ToContainTextAsync(nn ? "Pasientlista er oppdatert" : "Pasientlisten er oppdatert");
            await t.CheckAccessibilityAsync(caseload);

            // A reply from a template, with the placeholders filled and the text edited before sending.
            await t.Page.GetByLabel("Svarmal").SelectOptionAsync(new SelectOptionValue { Label = nn ? "Takk for meldinga" : "Takk for meldingen" });
            await t.Page.GetByRole(AriaRole.Button, new() { Name = "Bruk malen" }).ClickAsync();
            var box = t.Page.GetByLabel("Ny melding");
            await Expect(box).ToHaveValueAsync(nn ? "Hei Anne! Takk for at du skreiv om «Modul 1: Pust»." : "Hei Anne! Takk for at du skrev om «Modul 1: Pust».");
            await box.PressAsync("End");
            await box.PressSequentiallyAsync(nn ? " Prøv igjen i morgon." : " Prøv igjen i morgen.");
            await t.Page.GetByRole(AriaRole.Button, new() { Name = "Send melding" }).ClickAsync();
            await Expect(t.Page.Locator("ol.messages li.mine .body")).ToContainTextAsync("Prøv igjen");
            await t.CheckAccessibilityAsync();
            // Answered: the caseload row no longer waits on the therapist, still without a reload.
            await Expect(messagesCell).ToHaveTextAsync(nothingWaiting, new() { Timeout = 30_000 });

            // The patient sees it arrive and, with the page open, has read it: the therapist sees the receipt.
            await Expect(p.Page.Locator("ol.messages li.theirs .body")).ToContainTextAsync("Hei Anne!");
            await Expect(p.Page.Locator("#thread-live")).ToContainTextAsync(nn ? "Ny melding frå Tone Terapeut" : "Ny melding fra Tone Terapeut");
            await p.CheckAccessibilityAsync();
            await Expect(t.Page.Locator("ol.messages li.mine .receipt")).ToHaveTextAsync(nn ? "Lese" : "Lest");
            await Expect(p.Page.Locator("ol.messages li.mine .receipt")).ToHaveTextAsync(nn ? "Lese" : "Lest");
            await t.CheckAccessibilityAsync();

            // The reply's time reads the same after a reload (rendered on the server) as when it arrived live.
            var arrived = await p.Page.Locator("ol.messages li.theirs time").InnerTextAsync();
            await p.Page.ReloadAsync();
            await Expect(p.Page.Locator("ol.messages li.theirs time")).ToHaveTextAsync(arrived);
        }));
    }

    /// <summary>"i dag HH:mm" in Oslo for the minute before, of and after <paramref name="instant"/>.</summary>
    private static string[] OsloTodayAround(DateTimeOffset instant)
    {
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        return [.. new[] { -1, 0, 1 }.Select(m => "i dag " + TimeZoneInfo.ConvertTime(instant.AddMinutes(m), oslo).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))];
    }

    private Task SignInPatientAsync(Journey j, string email) => SignInWithPasswordAsync(j, email);

    /// <summary>The therapist signs in with password and authenticator code (staff must have a second factor).</summary>
    private async Task SignInStaffAsync(Journey j, string email, bool nn) =>
        await DeliverySteps.SignInStaffAsync(j, platform.DeliveryUrl, email, (await platform.Delivery.Services.AuthenticatorKeyAsync(email))!, nn,
            DeliveryKit.Password);

    private async Task SignInWithPasswordAsync(Journey j, string email)
    {
        await j.GotoAsync(new Uri(platform.DeliveryUrl, "/account/login"));
        await j.Page.GetByLabel("E-postadresse").FillAsync(email);
        await j.Page.GetByLabel("Passord").FillAsync(DeliveryKit.Password);
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
        await j.Page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await j.CheckAccessibilityAsync();
    }
}
