using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Platform.Mail;

public enum OutboxMailState
{
    Queued = 0,
    Sent = 1,
    Failed = 2,
}

/// <summary>
/// One e-mail waiting in (or sent from) the outbox. A row is written in the same transaction as what caused the mail, so a
/// rolled-back change sends nothing and a committed one cannot lose its mail. Times the worker compares in SQL are Unix
/// milliseconds: SQLite cannot compare DateTimeOffset columns.
/// </summary>
public sealed class OutboxMail
{
    public long Id { get; set; }
    public string Recipient { get; set; } = "";

    /// <summary>nb or nn: the language the text was written in (kept for the admin list and for re-rendering).</summary>
    public string Culture { get; set; } = "nb";

    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string? HtmlBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public OutboxMailState State { get; set; }
    public long NextAttemptAtMs { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>What went wrong last, in words that hold no personal data (an SMTP status or a network error kind).</summary>
    public string? LastError { get; set; }

    /// <summary>The instance sending it now, until <see cref="ClaimedUntilMs"/>; a claim that runs out is taken over.</summary>
    public string? ClaimedBy { get; set; }

    public long? ClaimedUntilMs { get; set; }
}

/// <summary>What a feature asks to send; <see cref="MailOutbox.QueueMail"/> turns it into an outbox row.</summary>
public sealed record MailDraft(string To, string Culture, string Subject, string TextBody)
{
    /// <summary>Optional HTML alternative; the text body is always sent.</summary>
    public string? HtmlBody { get; init; }
}

public static class MailOutbox
{
    /// <summary>
    /// Adds the mail to <paramref name="db"/>'s unit of work. It is saved by the caller's own SaveChanges, in the caller's
    /// transaction: nothing is written here.
    /// </summary>
    public static OutboxMail QueueMail(this DbContext db, MailDraft draft)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(draft);
        var now = MailClock.Of(db).GetUtcNow();
        var mail = new OutboxMail
        {
            Recipient = draft.To.Trim(),
            Culture = draft.Culture,
            Subject = draft.Subject,
            TextBody = draft.TextBody,
            HtmlBody = draft.HtmlBody,
            CreatedAt = now,
            State = OutboxMailState.Queued,
            NextAttemptAtMs = now.ToUnixTimeMilliseconds(),
        };
        db.Set<OutboxMail>().Add(mail);
        return mail;
    }

    /// <summary>The outbox table; both apps' DbContexts call this from OnModelCreating.</summary>
    public static ModelBuilder AddMailOutbox(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<OutboxMail>(e =>
        {
            e.ToTable("OutboxMails");
            e.Property(m => m.Recipient).HasMaxLength(320);
            e.Property(m => m.Culture).HasMaxLength(10);
            e.Property(m => m.Subject).HasMaxLength(300);
            e.Property(m => m.LastError).HasMaxLength(300);
            e.Property(m => m.ClaimedBy).HasMaxLength(100);
            // The worker's due query and the admin list of failing mails.
            e.HasIndex(m => new { m.State, m.NextAttemptAtMs });
        });
        return modelBuilder;
    }
}
