using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Platform.Mail;

/// <summary>A mail as admins see it: the address masked (they need to recognise it, not to read it), no body.</summary>
public sealed record OutboxMailRow(long Id, string MaskedRecipient, string Subject, int Attempts, string? LastError,
    OutboxMailState State, DateTimeOffset CreatedAt);

/// <summary>
/// What /admin/mail shows: mails that failed for good and mails still being retried, newest first, and how the app sends.
/// </summary>
public sealed class MailOutboxStatus(DbContext db, MailMode mode)
{
    public MailMode Mode => mode;

    public async Task<IReadOnlyList<OutboxMailRow>> FailingAsync(int take = 100, CancellationToken ct = default)
    {
        var rows = await db.Set<OutboxMail>().AsNoTracking()
            .Where(m => m.State == OutboxMailState.Failed || (m.State == OutboxMailState.Queued && m.Attempts > 0))
            .OrderByDescending(m => m.Id).Take(take)
            .Select(m => new { m.Id, m.Recipient, m.Subject, m.Attempts, m.LastError, m.State, m.CreatedAt })
            .ToListAsync(ct);
        return rows.Select(m => new OutboxMailRow(m.Id, Mask(m.Recipient), m.Subject, m.Attempts, m.LastError, m.State, m.CreatedAt)).ToList();
    }

    /// <summary>Mails waiting to be sent (all of them when mail is held because SMTP is not configured).</summary>
    public Task<int> QueuedCountAsync(CancellationToken ct = default) =>
        db.Set<OutboxMail>().CountAsync(m => m.State == OutboxMailState.Queued, ct);

    /// <summary>"kari.nordmann@example.no" → "k***n@e***.no": enough to tell mails apart, not to read the address.</summary>
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0)
        {
            return "***";
        }
        var local = address[..at];
        var domain = address[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        var maskedLocal = local.Length <= 2 ? $"{local[0]}***" : $"{local[0]}***{local[^1]}";
        var maskedDomain = dot <= 0 ? "***" : $"{domain[0]}***{domain[dot..]}";
        return $"{maskedLocal}@{maskedDomain}";
    }
}

/// <summary>The model of the shared _MailOutbox partial.</summary>
public sealed record MailOutboxView(MailMode Mode, int Queued, IReadOnlyList<OutboxMailRow> Rows)
{
    public static async Task<MailOutboxView> LoadAsync(MailOutboxStatus status, CancellationToken ct = default) =>
        new(status.Mode, await status.QueuedCountAsync(ct), await status.FailingAsync(ct: ct));
}
