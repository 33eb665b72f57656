using ContentPlatform.Delivery.Notifications;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ContentPlatform.Tests.Notifications;

/// <summary>The "questionnaire due" reminder: the plan's weekly form is announced once per week, never before it is due.</summary>
public sealed class QuestionnaireDueNotificationTests
{
    /// <summary>Thursday 14 January 2027, 12:00 in Oslo: outside the default quiet hours.</summary>
    private static readonly DateTimeOffset WinterNoon = new(2027, 1, 14, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_weekly_questionnaire_is_announced_once_when_it_falls_due_and_again_only_the_next_week()
    {
        var clock = new FakeTimeProvider(WinterNoon);
        await using var app = await NotifyApp.CreateAsync(Db.Sqlite, clock);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, patient, enrollment) = await app.Services.CareTeamAsync();
        await app.ChooseAsync(patient.Id, email: true, sms: false);
        await app.DbAsync(db => db.Enrollments.Where(e => e.Id == enrollment).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.StartedAt, WinterNoon.AddDays(-6)).SetProperty(e => e.LastActivityAt, WinterNoon)));

        async Task<List<string>> DueKeysAsync() => (await app.NotificationsAsync())
            .Where(n => n.Kind == NotificationKinds.QuestionnaireDue).Select(n => n.OnceKey).ToList();

        await app.SweepAsync();
        Assert.Empty(await DueKeysAsync()); // six days in: the first weekly form is not due yet

        clock.Advance(TimeSpan.FromDays(1));
        await app.DbAsync(db => db.Enrollments.Where(e => e.Id == enrollment).ExecuteUpdateAsync(s => s.SetProperty(e => e.LastActivityAt, clock.GetUtcNow())));
        await app.SweepAsync();
        await app.SweepAsync();
        var first = Assert.Single(await DueKeysAsync());
        Assert.EndsWith(":1", first, StringComparison.Ordinal);
        Assert.Equal(1, await app.DispatchAsync());

        clock.Advance(TimeSpan.FromDays(7));
        await app.DbAsync(db => db.Enrollments.Where(e => e.Id == enrollment).ExecuteUpdateAsync(s => s.SetProperty(e => e.LastActivityAt, clock.GetUtcNow())));
        await app.SweepAsync();
        Assert.Equal([first, first[..^1] + "2"], await DueKeysAsync());

        Assert.Equal(1, await app.DispatchAsync());
        var mails = await app.MailsAsync();
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Contains("skjema å fylle ut", m.TextBody, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.DoesNotContain("Ukesjekk", m.TextBody, StringComparison.Ordinal)); // no questionnaire title
    }
}
