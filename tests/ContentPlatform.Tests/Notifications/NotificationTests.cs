using System.Net;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Notifications;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ContentPlatform.Tests.Notifications;

/// <summary>
/// The notification scheduler end to end on a test clock: rules → once-only rows → channels the patient chose, outside
/// quiet hours, with SMS retried, and texts that carry nothing from the patient's messages or answers.
/// </summary>
public sealed class NotificationTests
{
    /// <summary>Thursday 14 January 2027, 12:00 in Oslo (UTC+1): a working day, outside anyone's quiet hours.</summary>
    private static readonly DateTimeOffset WinterNoon = new(2027, 1, 14, 11, 0, 0, TimeSpan.Zero);

    private static async Task<(DeliveryUser Therapist, DeliveryUser Patient, Guid Enrollment)> CareTeamAsync(NotifyApp app)
    {
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        return await app.Services.CareTeamAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_burst_of_care_team_messages_notifies_once_and_a_restart_sends_nothing_again(Db db)
    {
        await using var sms = new SmsReceiver();
        var clock = new FakeTimeProvider(WinterNoon);
        var database = await TestDatabase.CreateAsync(db, "delivery");
        try
        {
            Guid enrollment;
            await using (var first = new NotifyApp(database, clock, sms.Settings(), ownsDatabase: false))
            {
                var (therapist, patient, e) = await CareTeamAsync(first);
                enrollment = e;
                await first.ChooseAsync(patient.Id, email: false, sms: true, phone: "+4791234567");
                await first.CareTeamMessageAsync(enrollment, therapist.Id, "Hei", clock.GetUtcNow());
                await first.CareTeamMessageAsync(enrollment, therapist.Id, "Ein til", clock.GetUtcNow());
                Assert.Equal(1, await first.SweepAsync());
                Assert.Equal(0, await first.SweepAsync());
                Assert.Equal(1, await first.DispatchAsync());
            }
            await using (var restarted = new NotifyApp(database, clock, sms.Settings(), ownsDatabase: false))
            {
                clock.Advance(TimeSpan.FromMinutes(5));
                Assert.Equal(0, await restarted.SweepAsync());
                Assert.Equal(0, await restarted.DispatchAsync());
                var only = Assert.Single(await restarted.NotificationsAsync());
                Assert.StartsWith("message:", only.OnceKey, StringComparison.Ordinal);
                Assert.Equal(NotificationState.Sent, only.State);
            }
            Assert.Single(sms.Delivered);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_instances_sweeping_and_sending_at_once_on_one_PostgreSQL_database_notify_each_patient_exactly_once()
    {
        await using var sms = new SmsReceiver();
        var clock = new FakeTimeProvider(WinterNoon);
        var database = await TestDatabase.CreateAsync(Db.Postgres, "delivery");
        try
        {
            await using var a = new NotifyApp(database, clock, sms.Settings(), ownsDatabase: false);
            await using var b = new NotifyApp(database, clock, sms.Settings(), ownsDatabase: false);
            await a.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
            var therapist = await a.Services.CreateUserAsync("tone@example.no", "Tone", DeliveryRoles.Therapist);
            const int patients = 8;
            for (var i = 0; i < patients; i++)
            {
                var (patient, enrollment) = await a.Services.EnrolledPatientAsync($"p{i}@example.no", therapistId: therapist.Id, firstName: $"P{i}");
                await a.ChooseAsync(patient.Id, email: true, sms: true, phone: $"+479100000{i}");
                await a.CareTeamMessageAsync(enrollment, therapist.Id, "Hei", clock.GetUtcNow());
                await a.ModuleOpenedAsync(enrollment, therapist.Id, 2, clock.GetUtcNow());
            }

            var inserted = await Task.WhenAll(a.SweepAsync(), b.SweepAsync(), a.SweepAsync(), b.SweepAsync());
            Assert.Equal(patients * 2, inserted.Sum());
            var sent = await Task.WhenAll(a.DispatchAsync(), b.DispatchAsync());
            Assert.Equal(patients * 2, sent.Sum());

            var rows = await a.NotificationsAsync();
            Assert.Equal(patients * 2, rows.Count);
            Assert.All(rows, n => Assert.Equal(NotificationState.Sent, n.State));
            Assert.Equal(patients * 2, sms.Delivered.Count);
            Assert.All(sms.Delivered.GroupBy(s => s.To), g => Assert.Equal(2, g.Count()));
            Assert.Equal(patients * 2, (await a.MailsAsync()).Count);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>22:00–07:00 in Oslo: 23:30 local is 22:30 UTC in winter (UTC+1) and 21:30 UTC in summer (UTC+2).</summary>
    [Theory]
    [InlineData("2027-01-14T22:30:00Z", "2027-01-15T06:00:00Z")]
    [InlineData("2027-06-14T21:30:00Z", "2027-06-15T05:00:00Z")]
    public async Task An_SMS_due_in_quiet_hours_waits_until_they_end_in_Norwegian_time(string dueAt, string quietEnds)
    {
        await using var sms = new SmsReceiver();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(dueAt, System.Globalization.CultureInfo.InvariantCulture));
        var end = DateTimeOffset.Parse(quietEnds, System.Globalization.CultureInfo.InvariantCulture);
        await using var app = await NotifyApp.CreateAsync(Db.Sqlite, clock, sms.Settings());
        var (therapist, patient, enrollment) = await CareTeamAsync(app);
        await app.ChooseAsync(patient.Id, email: false, sms: true, phone: "912 34 567" is var p ? NorwegianMobile.Normalize(p) : null, quietFrom: 22, quietUntil: 7);
        await app.CareTeamMessageAsync(enrollment, therapist.Id, "Hei", clock.GetUtcNow());

        await app.SweepAsync();
        Assert.Equal(0, await app.DispatchAsync());
        Assert.Equal(end.ToUnixTimeMilliseconds(), Assert.Single(await app.NotificationsAsync()).NextAttemptAtMs);

        clock.SetUtcNow(end.AddMinutes(-1));
        Assert.Equal(0, await app.DispatchAsync());
        Assert.Empty(sms.Attempts);

        clock.SetUtcNow(end);
        Assert.Equal(1, await app.DispatchAsync());
        Assert.Equal("+4791234567", Assert.Single(sms.Delivered).To);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("sms")]
    [InlineData("inapp")]
    public async Task The_patient_gets_the_channels_they_chose_and_in_app_always(string choice)
    {
        await using var sms = new SmsReceiver();
        var clock = new FakeTimeProvider(WinterNoon);
        await using var app = await NotifyApp.CreateAsync(Db.Sqlite, clock, sms.Settings());
        var (therapist, patient, enrollment) = await CareTeamAsync(app);
        await app.ChooseAsync(patient.Id, email: choice == "email", sms: choice == "sms", phone: "+4791234567");
        await app.CareTeamMessageAsync(enrollment, therapist.Id, "Hei", clock.GetUtcNow());

        await app.SweepAsync();
        await app.DispatchAsync();

        var sent = Assert.Single(await app.NotificationsAsync());
        Assert.Equal(choice == "inapp" ? "inapp" : $"inapp,{choice}", sent.Channels);
        Assert.Equal(choice == "email" ? 1 : 0, (await app.MailsAsync()).Count(m => m.Recipient == patient.Email));
        Assert.Equal(choice == "sms" ? 1 : 0, sms.Delivered.Count);
        var home = await (await app.SignedInClientAsync(patient.Email!)).GetStringAsync("/");
        Assert.Contains("Du har fått en ny melding.", home);
    }

    [Fact]
    public async Task A_failed_SMS_is_retried_after_a_back_off_until_the_gateway_accepts_it()
    {
        await using var sms = new SmsReceiver();
        sms.Answer(HttpStatusCode.InternalServerError);
        var clock = new FakeTimeProvider(WinterNoon);
        await using var app = await NotifyApp.CreateAsync(Db.Sqlite, clock, sms.Settings());
        var (therapist, patient, enrollment) = await CareTeamAsync(app);
        await app.ChooseAsync(patient.Id, email: false, sms: true, phone: "+4791234567");
        await app.CareTeamMessageAsync(enrollment, therapist.Id, "Hei", clock.GetUtcNow());
        await app.SweepAsync();

        Assert.Equal(0, await app.DispatchAsync());
        var waiting = Assert.Single(await app.NotificationsAsync());
        Assert.Equal((NotificationState.Pending, 1, "HTTP 500"), (waiting.State, waiting.Attempts, waiting.LastError));
        Assert.Equal(0, await app.DispatchAsync()); // not due again yet: the back-off holds

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await app.DispatchAsync());
        Assert.Equal(2, sms.Attempts.Count);
        Assert.Single(sms.Delivered);
        Assert.Equal(SmsReceiver.ApiKey, sms.Delivered.Single().ApiKey);
        Assert.Equal(NotificationState.Sent, Assert.Single(await app.NotificationsAsync()).State);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task No_mail_SMS_or_notice_carries_anything_from_the_patients_messages_answers_or_program(Db db)
    {
        const string messageSecret = "Sjekkord-MELDING-7731 eg har det tungt";
        const string answerSecret = "Sjekkord-SVAR-4412 sov ikkje";
        await using var sms = new SmsReceiver();
        var clock = new FakeTimeProvider(WinterNoon);
        await using var app = await NotifyApp.CreateAsync(db, clock, sms.Settings());
        var (therapist, anne, quiet) = await CareTeamAsync(app);
        var (ola, finished) = await app.Services.EnrolledPatientAsync("ola@example.no", therapistId: therapist.Id, firstName: "Ola");
        foreach (var patient in new[] { anne, ola })
        {
            await app.ChooseAsync(patient.Id, email: true, sms: true, phone: patient == anne ? "+4791234567" : "+4741234567");
        }
        await app.AnswerAsync(quiet, answerSecret, clock.GetUtcNow().AddDays(-9));
        await app.ActiveAtAsync(quiet, clock.GetUtcNow().AddDays(-8)); // inactive
        await app.CareTeamMessageAsync(quiet, therapist.Id, messageSecret, clock.GetUtcNow()); // message
        await app.ModuleOpenedAsync(quiet, therapist.Id, 2, clock.GetUtcNow()); // module opened
        await app.AnswerAsync(finished, answerSecret, clock.GetUtcNow().AddDays(-1));
        await app.FinishedAsync(finished, clock.GetUtcNow().AddDays(-1)); // program end

        Assert.Equal(4, await app.SweepAsync());
        Assert.Equal(4, await app.DispatchAsync());
        var notices = new List<string>();
        foreach (var (email, language) in new[] { (anne.Email!, "nb"), (ola.Email!, "nn") })
        {
            var home = await (await app.SignedInClientAsync(email, language)).GetStringAsync("/");
            var start = home.IndexOf("class=\"card notices\"", StringComparison.Ordinal);
            Assert.True(start > 0, $"no notices for {email}");
            notices.Add(home[start..home.IndexOf("</section>", start, StringComparison.Ordinal)]);
        }

        var mails = await app.MailsAsync();
        Assert.Equal(4, mails.Count);
        Assert.Equal(4, sms.Delivered.Count);
        string[] texts = [.. mails.Select(m => m.Subject + "\n" + m.TextBody + m.HtmlBody), .. sms.Delivered.Select(s => s.Text), .. notices];
        var program = SamplePrograms.Guided();
        string[] forbidden = [messageSecret, "MELDING-7731", answerSecret, "SVAR-4412", program.Title.Resolve("nb", []), program.Title.Resolve("nn", []),
            .. program.Modules.Select(m => m.Title.Resolve("nb", [])), "Pust", "pust"];
        Assert.All(texts, text => Assert.All(forbidden, word => Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase)));
        Assert.All(sms.Delivered, s => Assert.StartsWith("Mestring på nett: ", s.Text, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Contains("http", m.TextBody, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Patients_see_and_change_only_their_own_settings_and_notices_and_staff_are_refused()
    {
        var clock = new FakeTimeProvider(WinterNoon);
        await using var app = await NotifyApp.CreateAsync(Db.Sqlite, clock, new Dictionary<string, string?>());
        var (therapist, anne, enrollment) = await CareTeamAsync(app);
        await app.Services.EnrolledPatientAsync("ola@example.no", therapistId: "someone-else", firstName: "Ola");
        await app.CareTeamMessageAsync(enrollment, therapist.Id, "Hei", clock.GetUtcNow());
        await app.SweepAsync();
        await app.DispatchAsync();

        var ola = await app.SignedInClientAsync("ola@example.no");
        Assert.DoesNotContain("Ny melding", await ola.GetStringAsync("/my/settings"));
        Assert.DoesNotContain("notices-heading", await ola.GetStringAsync("/"));
        var token = await ola.AntiforgeryTokenAsync("/my/settings");
        var bad = await ola.PostFormAsync("/my/settings", ("sms", "true"), ("phone", "22 22 22 22"), ("quietFrom", "22"), ("quietUntil", "7"),
            ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("norsk mobilnummer", await bad.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var saved = await ola.PostFormAsync("/my/settings", ("sms", "true"), ("phone", "+47 412 34 567"), ("quietFrom", "22"), ("quietUntil", "7"),
            ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var choices = await app.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.NotificationPreferences));
        Assert.Equal(("+4741234567", true), (Assert.Single(choices).Phone, choices[0].Sms));
        Assert.NotEqual(anne.Id, choices[0].PatientId);

        var staff = await app.SignedInClientAsync(therapist.Email!);
        var refused = await staff.GetAsync("/my/settings"); // the patient folder: staff are sent to the denied page
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/account/denied", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var otherTherapist = await app.Services.CreateUserAsync("other@example.no", "Other", DeliveryRoles.Therapist);
        var other = await app.SignedInClientAsync(otherTherapist.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/staff/patients/{enrollment}")).StatusCode);
        Assert.Contains("reminders-heading", await staff.GetStringAsync($"/staff/patients/{enrollment}"));
    }
}
