using System.Net;
using ContentPlatform.Cms;
using ContentPlatform.Cms.Data;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Platform.Mail;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Mail;

/// <summary>The durable outbox: written with what caused it, sent once over real SMTP (SmtpCatcher), retried, given up visibly.</summary>
public sealed class MailOutboxTests
{
    private static MailDraft Draft(string to) => new(to, "nb", "Du har en ny melding", "Logg inn for å lese den: https://example.no/my");

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_mail_queued_in_a_transaction_that_rolls_back_is_never_sent(Db db)
    {
        await using var smtp = new SmtpCatcher();
        await smtp.StartAsync();
        await using var app = await Apps.DeliveryAsync(db, smtp.Settings());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.QueueMail(Draft("rolled.back@example.no"));
            await context.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            context.QueueMail(Draft("committed@example.no"));
            await context.SaveChangesAsync();
        }

        // The committed mail arriving proves the worker has looked at the outbox after the rollback.
        await smtp.WaitForMailAsync("committed@example.no", TimeSpan.FromSeconds(20));
        Assert.Empty(smtp.MailsTo("rolled.back@example.no"));
        Assert.Null(await app.Services.OutboxRowAsync<DeliveryDbContext>("rolled.back@example.no"));
    }

    [Fact]
    public async Task Committed_mails_are_sent_exactly_once_by_two_instances_racing_on_one_PostgreSQL_database()
    {
        await using var smtp = new SmtpCatcher();
        await smtp.StartAsync();
        var database = await TestDatabase.CreateAsync(Db.Postgres, "delivery");
        try
        {
            await using var a = new AppFactory<DeliveryApp>(database, smtp.Settings(), ownsDatabase: false);
            await using var b = new AppFactory<DeliveryApp>(database, smtp.Settings(), ownsDatabase: false);
            _ = b.Services; // both instances' workers are running before anything is queued
            var recipients = Enumerable.Range(1, 30).Select(i => $"patient{i}@example.no").ToList();
            await using (var scope = a.Services.CreateAsyncScope())
            {
                var context = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
                foreach (var to in recipients)
                {
                    context.QueueMail(Draft(to));
                }
                await context.SaveChangesAsync();
            }

            // Once every row is marked sent no claim is left to send again: then each address has exactly one mail.
            await Eventually.UntilAsync(async () =>
            {
                await using var scope = b.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().Set<OutboxMail>()
                    .CountAsync(m => m.State == OutboxMailState.Sent) == recipients.Count;
            }, TimeSpan.FromSeconds(30));
            Assert.All(recipients, to => Assert.Single(smtp.MailsTo(to)));
            Assert.Equal(recipients.Count, smtp.Mails.Count);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task While_SMTP_is_down_a_mail_is_retried_with_growing_delays_and_delivered_once_the_server_is_back(Db db)
    {
        await using var smtp = new SmtpCatcher(); // not started: connections are refused
        await using var app = await Apps.DeliveryAsync(db, smtp.Settings());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            context.QueueMail(Draft("waiting@example.no"));
            await context.SaveChangesAsync();
        }

        var first = await app.Services.WaitForRowAsync<DeliveryDbContext>("waiting@example.no", m => m.Attempts == 1 && m.ClaimedBy == null);
        var second = await app.Services.WaitForRowAsync<DeliveryDbContext>("waiting@example.no", m => m.Attempts == 2 && m.ClaimedBy == null);
        Assert.Equal(OutboxMailState.Queued, second.State);
        Assert.StartsWith("network:", second.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("@", second.LastError, StringComparison.Ordinal); // no address in what admins and logs see
        // FirstRetryDelay is 100 ms in the test settings: the first retry waits ≥ 100 ms, the second ≥ 200 ms after that.
        Assert.True(first.NextAttemptAtMs - first.CreatedAt.ToUnixTimeMilliseconds() >= 100);
        Assert.True(second.NextAttemptAtMs - first.NextAttemptAtMs >= 200, $"second delay {second.NextAttemptAtMs - first.NextAttemptAtMs} ms");

        await smtp.StartAsync();
        var mail = await smtp.WaitForMailAsync("waiting@example.no", TimeSpan.FromSeconds(20));
        Assert.Equal("Du har en ny melding", mail.Subject);
        var sent = await app.Services.WaitForRowAsync<DeliveryDbContext>("waiting@example.no", m => m.State == OutboxMailState.Sent);
        Assert.Null(sent.LastError);
        Assert.Single(smtp.MailsTo("waiting@example.no"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_mail_the_server_refuses_for_good_is_marked_failed_and_listed_masked_on_admin_mail(Db db)
    {
        await using var smtp = new SmtpCatcher();
        await smtp.StartAsync();
        smtp.Refuse("gone.away@example.no");
        await using var app = await Apps.CmsAsync(db, smtp.Settings());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            context.QueueMail(Draft("gone.away@example.no"));
            await context.SaveChangesAsync();
        }

        var failed = await app.Services.WaitForRowAsync<CmsDbContext>("gone.away@example.no", m => m.State == OutboxMailState.Failed);
        Assert.Equal(1, failed.Attempts); // a 5xx refusal is not retried
        Assert.StartsWith("SMTP 550", failed.LastError, StringComparison.Ordinal);

        using var admin = await app.SignedInAsync("admin@example.no", "admin");
        var page = await admin.GetStringAsync("/admin/mail");
        Assert.Contains("g***y@e***.no", page, StringComparison.Ordinal);
        Assert.DoesNotContain("gone.away@example.no", page, StringComparison.Ordinal);
        Assert.Contains("Du har en ny melding", page, StringComparison.Ordinal);
        Assert.Contains("SMTP 550", page, StringComparison.Ordinal);

        using var editor = await app.SignedInAsync("editor@example.no", "editor");
        var refused = await editor.GetAsync("/admin/mail");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode); // to the access-denied page
        Assert.Contains("denied", refused.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("kari.nordmann@example.no", "k***n@e***.no")]
    [InlineData("ab@x.no", "a***@x***.no")]
    [InlineData("not-an-address", "***")]
    public void A_recipient_is_masked_to_its_first_and_last_letters(string address, string masked) =>
        Assert.Equal(masked, MailOutboxStatus.Mask(address));
}
