using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Notifications;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Notifications;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// Questionnaires on a plan: a week after enrolment (the clock moved by a FakeTimeProvider in a Delivery of its own, so
/// no other journey's sessions age) the patient chooses SMS and quiet hours on /my/settings, the weekly questionnaire's
/// reminder is sent and listed there in Norwegian time, the questionnaire is due on the home page, is answered, and is gone; then a
/// follow-up patient sends a check-in on their own initiative, the therapist sees it and calls them in, and the patient
/// reads the decision.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class PlanJourneyTests(PlatformFixture platform)
{
    /// <summary>A Delivery whose clock the journey moves.</summary>
    private sealed class ClockedDelivery(TestDatabase database, FakeTimeProvider clock, IDictionary<string, string?> settings)
        : AppFactory<DeliveryApp>(database, settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        }
    }

    [Theory]
    [InlineData("nb", "desktop")]
    [InlineData("nn", "phone")]
    public async Task The_weekly_questionnaire_falls_due_a_week_on_and_a_follow_up_patient_is_called_in_after_sending_a_check_in(string culture, string size)
    {
        var nn = culture == "nn";
        var viewport = size == "phone" ? Journey.Phone : Journey.Desktop;

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sms = new SmsReceiver();
        // The journey runs the reminder sweep and dispatch itself, at the instants it chooses.
        await using var clocked = new ClockedDelivery(await TestDatabase.CreateAsync(Db.Sqlite, "delivery"), clock,
            new Dictionary<string, string?>(sms.Settings()) { ["Notifications:Enabled"] = "false" });
        clocked.UseRealServer();
        await clocked.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        await clocked.Services.EnrolledPatientAsync($"vera.{culture}@example.no", firstName: "Vera");

        await using (var weekly = await Journey.StartAsync(platform.Browser, "plan-weekly", culture, viewport))
        {
            await weekly.RunAsync(async p =>
            {
                clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
                await SignInPatientAsync(p, clocked.ClientOptions.BaseAddress, $"vera.{culture}@example.no", DeliveryKit.Password);
                await ChooseSmsAndQuietHoursAsync(p, clocked, clock, sms, nn);
                await p.GotoAsync(clocked.ClientOptions.BaseAddress);
                var due = p.Page.GetByRole(AriaRole.Region, new() { Name = "Skjema å svare på" });
                await Expect(due).ToContainTextAsync(nn ? "Ukentleg sjekk er klar: Vekesjekk" : "Ukentlig sjekk er klar: Ukesjekk");
                await p.CheckAccessibilityAsync();
                await due.GetByRole(AriaRole.Link, new() { Name = nn ? "Svar no" : "Svar nå" }).ClickAsync();
                await AnswerAsync(p, q3: 0);
                await Expect(p.Page.GetByText(nn ? "Takk! Svara dine er sende" : "Takk! Svarene dine er sendt")).ToBeVisibleAsync();
                await p.CheckAccessibilityAsync();
                await p.GotoAsync(clocked.ClientOptions.BaseAddress);
                await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Vera");
                await Expect(p.Page.GetByText("Skjema å svare på")).ToHaveCountAsync(0);
            });
        }

        var programId = $"etter-uro-{culture}";
        await platform.Delivery.Services.StoreReleaseAsync(SamplePrograms.Guided(id: programId) with
        {
            Kind = ProgramKind.FollowUp, Modules = [], Questionnaires = [SamplePrograms.Weekly() with { When = [] }],
            CheckIns = new CheckInSchedule { Questionnaires = [SamplePrograms.Weekly().Id], IntervalDays = 14, DurationWeeks = 52 },
        }, 1);
        var therapistEmail = $"tor.{culture}@example.no";
        var key = (await platform.CreateDeliveryUserAsync(therapistEmail, "Tor Terapeut", DeliveryRoles.Therapist))!;
        var code = await platform.Delivery.Services.InviteAsync(programId, await UserIdAsync(therapistEmail));

        await using var patient = await Journey.StartAsync(platform.Browser, "plan-follow-up", culture, viewport);
        await using var therapist = await Journey.StartAsync(platform.Browser, "plan-therapist", culture, viewport);
        await patient.RunAsync(async p =>
        {
            await DeliverySteps.AcceptInvitationAsync(p, platform.DeliveryUrl, code, "Solveig", $"solveig.{culture}@example.no", nn);
            await Expect(p.Page.GetByText(nn ? "Du har ikkje sendt inn noko enno." : "Du har ikke sendt inn noe ennå.")).ToBeVisibleAsync();
            await p.CheckAccessibilityAsync();
            await p.Page.GetByRole(AriaRole.Link, new() { Name = nn ? "Send inn no" : "Send inn nå" }).ClickAsync();
            await AnswerAsync(p, q3: 1);
            await Expect(p.Page.GetByText(nn ? "Takk! Svara dine er sende" : "Takk! Svarene dine er sendt")).ToBeVisibleAsync();
            await Expect(p.Page.GetByText(nn ? "på eige initiativ" : "på eget initiativ")).ToBeVisibleAsync();
            await p.CheckAccessibilityAsync();
        });

        await therapist.RunAsync(async t =>
        {
            await DeliverySteps.SignInStaffAsync(t, platform.DeliveryUrl, therapistEmail, key, nn);
            var row = t.Page.Locator("tr", new() { HasText = "Solveig" });
            await Expect(row).ToContainTextAsync("Siste sjekk");
            await Expect(row).ToContainTextAsync(": 3 av 9");
            await row.GetByRole(AriaRole.Link, new() { Name = "Solveig" }).ClickAsync();
            await t.CheckAccessibilityAsync();
            await t.Page.GetByLabel(nn ? "Blir kalla inn" : "Kalles inn").CheckAsync();
            await t.Page.GetByLabel(nn ? "Merknad til pasienten (valfritt)" : "Merknad til pasienten (valgfritt)").FillAsync("Vi ringjer deg i morgon.");
            await t.Page.GetByRole(AriaRole.Button, new() { Name = nn ? "Registrer avgjerd" : "Registrer beslutning" }).ClickAsync();
            await Expect(t.Page.GetByRole(AriaRole.Status)).ToContainTextAsync(nn ? "Avgjerda er registrert." : "Beslutningen er registrert.");
            await t.CheckAccessibilityAsync();
        });

        await patient.RunAsync(async p =>
        {
            await p.Page.ReloadAsync();
            await Expect(p.Page.GetByRole(AriaRole.Region, new() { Name = nn ? "Beskjed frå behandlaren din" : "Beskjed fra behandleren din" }))
                .ToContainTextAsync(nn ? "Du blir kalla inn til ein samtale på klinikken." : "Du blir kalt inn til en samtale på klinikken.");
            await Expect(p.Page.GetByText("Vi ringjer deg i morgon.")).ToBeVisibleAsync();
            await p.CheckAccessibilityAsync();
        });
    }

    /// <summary>
    /// /my/settings: SMS with a Norwegian mobile number (a wrong one is refused in the page's language) and quiet hours that
    /// do not cover now; then the week's reminder is swept and sent, and the sent list shows it at Oslo's wall-clock time.
    /// </summary>
    private static async Task ChooseSmsAndQuietHoursAsync(Journey p, ClockedDelivery delivery, FakeTimeProvider clock, SmsReceiver sms, bool nn)
    {
        await p.GotoAsync(new Uri(delivery.ClientOptions.BaseAddress, "/my/settings"));
        await p.Page.GetByLabel("SMS", new() { Exact = true }).CheckAsync();
        await p.Page.GetByLabel("Mobilnummer").FillAsync("1234 5678");
        var save = p.Page.GetByRole(AriaRole.Button, new() { Name = "Lagre", Exact = true });
        await save.ClickAsync();
        await Expect(p.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync(nn
            ? "Mobilnummeret må vere eit norsk mobilnummer med 8 siffer som byrjar på 4 eller 9."
            : "Mobilnummeret må være et norsk mobilnummer med 8 sifre som begynner på 4 eller 9.");
        await p.CheckAccessibilityAsync();

        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        var hour = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), oslo).Hour;
        await p.Page.GetByLabel("SMS", new() { Exact = true }).CheckAsync();
        await p.Page.GetByLabel("Mobilnummer").FillAsync("912 34 567");
        await p.Page.GetByLabel(nn ? "Frå klokka" : "Fra klokken").SelectOptionAsync(((hour + 2) % 24).ToString());
        await p.Page.GetByLabel(nn ? "Til klokka" : "Til klokken").SelectOptionAsync(((hour + 4) % 24).ToString());
        await save.ClickAsync();
        await Expect(p.Page.GetByRole(AriaRole.Status)).ToContainTextAsync(nn ? "Innstillingane er lagra." : "Innstillingene er lagret.");
        await Expect(p.Page.GetByLabel("Mobilnummer")).ToHaveValueAsync("+4791234567");
        await p.CheckAccessibilityAsync();

        // Due now: the week's questionnaire (and a week without activity).
        Assert.True(await delivery.Services.GetRequiredService<NotificationSweep>().RunAsync(CancellationToken.None) > 0);
        Assert.True(await delivery.Services.GetRequiredService<NotificationDispatcher>().DispatchDueAsync(CancellationToken.None) > 0);
        Assert.NotEmpty(sms.Delivered);
        Assert.All(sms.Delivered, m => Assert.Equal("+4791234567", m.To));
        var sentAt = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), oslo).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await p.Page.ReloadAsync();
        var row = p.Page.GetByRole(AriaRole.Region, new() { Name = nn ? "Sende varsel" : "Sendte varsler" }).Locator("tbody tr", new() { HasText = "Skjema klart til utfylling" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(sentAt);
        await Expect(row).ToContainTextAsync("SMS");
        await p.CheckAccessibilityAsync();
    }

    /// <summary>The sample weekly questionnaire (three items, 0–3): q1 and q2 at 1, q3 as given; then "Send inn".</summary>
    private static async Task AnswerAsync(Journey p, int q3)
    {
        await p.Page.Locator("#b-plan-q1-1").CheckAsync();
        await p.Page.Locator("#b-plan-q2-1").CheckAsync();
        await p.Page.Locator($"#b-plan-q3-{q3}").CheckAsync();
        await p.CheckAccessibilityAsync();
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Send inn", Exact = true }).ClickAsync();
    }

    private static async Task SignInPatientAsync(Journey j, Uri delivery, string email, string password)
    {
        await j.GotoAsync(new Uri(delivery, "/account/login"));
        await j.Page.GetByLabel("E-postadresse").FillAsync(email);
        await j.Page.GetByLabel("Passord").FillAsync(password);
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn", Exact = true }).ClickAsync();
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Vera");
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = platform.Delivery.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>().FindByEmailAsync(email))!.Id;
    }
}
