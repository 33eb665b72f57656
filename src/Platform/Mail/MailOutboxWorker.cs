using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Platform.Mail;

/// <summary>
/// Sends due outbox rows. Each row is claimed with one conditional UPDATE (only if still queued, due and unclaimed or its
/// claim ran out), so with several instances on one database exactly one of them sends it. A failure is retried with
/// exponential back-off and jitter; a permanent refusal (SMTP 5xx) or the last attempt marks the row failed.
/// </summary>
/// <remarks>
/// Sending is at-least-once at the edge: an instance that dies after the SMTP server accepted a mail but before it marked
/// the row sent leaves a claim that runs out, and the mail is sent again (with the same Message-Id).
/// </remarks>
internal sealed class MailOutboxWorker<TContext>(IServiceScopeFactory scopes, MailTransport transport, MailOptions options,
    TimeProvider clock, ILogger<MailOutboxWorker<TContext>> logger) : BackgroundService where TContext : DbContext
{
    /// <summary>How long a claim holds: far beyond one SMTP conversation (30 s timeout), short enough to recover.</summary>
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);

    private const int BatchSize = 20;
    private readonly string _owner = Owner();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (transport.Mode == MailMode.Held)
        {
            logger.LogWarning("Mail is not configured (Mail:Smtp:Host): mails stay queued in the outbox until it is");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Mail outbox pass failed");
            }
            await Task.Delay(options.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One pass: claims and sends every due mail; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var mails = db.Set<OutboxMail>();
        var sent = 0;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var due = await mails.AsNoTracking()
            .Where(m => m.State == OutboxMailState.Queued && m.NextAttemptAtMs <= now && (m.ClaimedUntilMs == null || m.ClaimedUntilMs < now))
            .OrderBy(m => m.NextAttemptAtMs).Select(m => m.Id).Take(BatchSize).ToListAsync(ct);
        foreach (var id in due)
        {
            now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var until = now + (long)ClaimDuration.TotalMilliseconds;
            var claimed = await mails
                .Where(m => m.Id == id && m.State == OutboxMailState.Queued && m.NextAttemptAtMs <= now
                    && (m.ClaimedUntilMs == null || m.ClaimedUntilMs < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, _owner).SetProperty(m => m.ClaimedUntilMs, until)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (claimed == 1 && await SendOneAsync(db, id, ct))
            {
                sent++;
            }
        }
        return sent;
    }

    private async Task<bool> SendOneAsync(TContext db, long id, CancellationToken ct)
    {
        var mails = db.Set<OutboxMail>();
        var mail = await mails.AsNoTracking().SingleAsync(m => m.Id == id, ct);
        try
        {
            await transport.SendAsync(transport.Build(mail), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var (error, permanent) = MailTransport.Describe(e);
            var giveUp = permanent || mail.Attempts >= options.MaxAttempts;
            var next = clock.GetUtcNow() + Backoff(mail.Attempts);
            await mails.Where(m => m.Id == id && m.ClaimedBy == _owner).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, giveUp ? OutboxMailState.Failed : OutboxMailState.Queued)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.NextAttemptAtMs, next.ToUnixTimeMilliseconds())
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimedUntilMs, (long?)null), CancellationToken.None);
            MailTelemetry.Failed.Add(1, new KeyValuePair<string, object?>("outcome", giveUp ? "given_up" : "retry_scheduled"));
            if (giveUp)
            {
                logger.LogWarning("Mail {MailId} failed for good after {Attempts} attempts: {Error}", id, mail.Attempts, error);
            }
            else
            {
                logger.LogInformation("Mail {MailId} attempt {Attempts} failed ({Error}); next at {Next:O}", id, mail.Attempts, error, next);
            }
            return false;
        }
        await mails.Where(m => m.Id == id && m.ClaimedBy == _owner).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.State, OutboxMailState.Sent)
            .SetProperty(m => m.SentAt, clock.GetUtcNow())
            .SetProperty(m => m.LastError, (string?)null)
            .SetProperty(m => m.ClaimedBy, (string?)null)
            .SetProperty(m => m.ClaimedUntilMs, (long?)null), CancellationToken.None);
        MailTelemetry.Sent.Add(1);
        return true;
    }

    /// <summary>This instance's claim mark: unique per process, short enough for the column.</summary>
    private static string Owner()
    {
        var owner = $"{Guid.NewGuid():N}:{Environment.ProcessId}:{Environment.MachineName}";
        return owner.Length <= 100 ? owner : owner[..100];
    }

    /// <summary>FirstRetryDelay × 2^(attempt-1), capped at 6 h, plus up to 20 % jitter so instances do not retry in step.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var baseDelay = options.FirstRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = baseDelay < TimeSpan.FromHours(6) ? baseDelay : TimeSpan.FromHours(6);
        return capped * (1 + (Random.Shared.NextDouble() * 0.2));
    }
}
