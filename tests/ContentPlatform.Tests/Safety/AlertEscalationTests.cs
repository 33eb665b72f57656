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
    private sealed class Instance(TestDatabase database, FakeTimeProvider clock) : AppFactory<DeliveryApp>(database,
        new Dictionary<string, string?> { ["AlertEscalation:Interval"] = "01:00:00", ["Mail:PublicBaseUrl"] = "https://behandling.example.no" },
        ownsDatabase: false)
    {
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

    private static Task<List<OutboxMail>> MailsAsync(AppFactory<DeliveryApp> app) => app.DbAsync(d => d.Set<OutboxMail>().AsNoTracking().ToListAsync());
}
