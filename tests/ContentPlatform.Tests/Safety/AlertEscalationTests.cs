using ContentPlatform.Delivery;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Safety;
using ContentPlatform.Platform.Mail;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ContentPlatform.Tests.Safety;

/// <summary>A red reason nobody handles within the program's limit (24 h by default) is e-mailed to the clinic admins, once.</summary>
public sealed class AlertEscalationTests
{
    /// <summary>One Delivery instance on a shared database, with a clock the test moves.</summary>
    private sealed class Instance(TestDatabase database, FakeTimeProvider clock, params (string Key, string Value)[] settings)
        : AppFactory<DeliveryApp>(database, Settings(settings), ownsDatabase: false)
    {
        private static Dictionary<string, string?> Settings((string Key, string Value)[] more)
        {
            var settings = new Dictionary<string, string?> { ["AlertEscalation:Interval"] = "01:00:00", ["Mail:PublicBaseUrl"] = "https://behandling.example.no" };
            foreach (var (key, value) in more)
            {
                settings[key] = value;
            }
            return settings;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        }

        public async Task<int> SweepAsync()
        {
            await using var scope = Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<AlertEscalation>().SweepAsync(CancellationToken.None);
        }
    }

    private const string Alert = """[{"item":"q3","color":"red","reason":{"nb":"Håpløshet","nn":"Håplausheit"}}]""";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_red_alert_unhandled_past_the_limit_is_mailed_once_to_each_clinic_admin_across_two_instances_and_without_health_data(Db db)
    {
        var database = await TestDatabase.CreateAsync(db, "delivery");
        try
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            await using var a = new Instance(database, clock);
            await a.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1); // starts A, which migrates the database first
            await using var b = new Instance(database, clock);
            var tone = await a.TherapistAsync("tone@example.no", "Tone");
            var (_, anne) = await a.PatientOfAsync(tone.Id, "anne@example.no", "Anne Hansen");
            var (_, ola) = await a.PatientOfAsync(tone.Id, "ola@example.no", "Ola");
            await a.Services.CreateUserAsync("admin@example.no", "Åse", DeliveryRoles.ClinicAdmin);
            var nynorsk = await a.Services.CreateUserAsync("admin2@example.no", "Nils", DeliveryRoles.ClinicAdmin);
            await a.DbAsync(d => d.Users.Where(u => u.Id == nynorsk.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, "nn")));
            await a.ScoreAsync(anne, 8, "red", clock.GetUtcNow(), Alert);
            await a.ScoreAsync(ola, 8, "red", clock.GetUtcNow(), Alert);
            var olaResult = await a.DbAsync(d => d.QuestionnaireResults.Where(r => r.EnrollmentId == ola).Select(r => r.Id).SingleAsync());
            await a.DbAsync(async d =>
            {
                d.HandledReasons.Add(new HandledReason
                {
                    EnrollmentId = ola, ReasonKey = ReasonKeys.Alert(olaResult, "q3"), Light = "red", ReasonText = "x", StaffUserId = tone.Id,
                    StaffName = "Tone", Note = "Ringt", At = clock.GetUtcNow(),
                });
                await d.SaveChangesAsync();
            });

            clock.Advance(TimeSpan.FromHours(23));
            await Task.WhenAll(a.SweepAsync(), b.SweepAsync());
            Assert.Empty(await MailsAsync(a)); // not before the limit

            clock.Advance(TimeSpan.FromHours(2));
            await Task.WhenAll(a.SweepAsync(), b.SweepAsync());
            await Task.WhenAll(a.SweepAsync(), b.SweepAsync()); // and never again

            var mails = await MailsAsync(a);
            Assert.Equal(["admin2@example.no", "admin@example.no"], mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
            Assert.Equal("Eit raudt varsel har venta i meir enn 24 timar", mails.Single(m => m.Culture == "nn").Subject);
            foreach (var mail in mails)
            {
                Assert.Contains("https://behandling.example.no/staff", mail.TextBody);
                foreach (var secret in new[] { "Anne", "Hansen", "Håpløshet", "Håplausheit", anne.ToString(), "Ukesjekk" })
                {
                    Assert.DoesNotContain(secret, mail.Subject + mail.TextBody + mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_red_alert_is_mailed_only_to_the_clinic_admins_of_the_enrollments_organisation(Db db)
    {
        var database = await TestDatabase.CreateAsync(db, "delivery");
        try
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            await using var app = new Instance(database, clock, ("Theme:Organisations:Helse Lyng", "lyng"));
            await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1); // "Helse Test" has no theme: the default organisation's
            await app.Services.StoreReleaseAsync(SamplePrograms.Guided(id: "lyng-pust") with { Organisation = "Helse Lyng" }, 1);
            var tone = await app.TherapistAsync("tone@example.no", "Tone");
            var (_, anne) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
            var (_, lise) = await app.Services.EnrolledPatientAsync("lise@example.no", "lyng-pust", tone.Id, "Lise");
            await app.Services.CreateUserAsync("fjord-admin@example.no", "Åse", DeliveryRoles.ClinicAdmin); // the default organisation
            var lyngAdmin = await app.Services.CreateUserAsync("lyng-admin@example.no", "Lars", DeliveryRoles.ClinicAdmin);
            await app.DbAsync(d => d.Users.Where(u => u.Id == lyngAdmin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Organisation, "Helse Lyng")));

            await app.ScoreAsync(lise, 8, "red", clock.GetUtcNow(), Alert);
            clock.Advance(TimeSpan.FromHours(25));
            await app.SweepAsync(); // (the app's own worker may sweep too as the clock moves: the once key keeps it one mail)
            Assert.Equal(["lyng-admin@example.no"], (await MailsAsync(app)).Select(m => m.Recipient));

            await app.ScoreAsync(anne, 8, "red", clock.GetUtcNow(), Alert);
            clock.Advance(TimeSpan.FromHours(25));
            await app.SweepAsync();
            await app.SweepAsync(); // once, as before
            Assert.Equal(["fjord-admin@example.no", "lyng-admin@example.no"], (await MailsAsync(app)).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    private static Task<List<OutboxMail>> MailsAsync(AppFactory<DeliveryApp> app) => app.DbAsync(d => d.Set<OutboxMail>().AsNoTracking().ToListAsync());
}
