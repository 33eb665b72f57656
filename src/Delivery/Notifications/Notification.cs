using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Notifications;

public enum NotificationState
{
    /// <summary>Waiting to be sent (or for quiet hours to end, or for an SMS retry).</summary>
    Pending = 0,

    /// <summary>Sent on every channel the patient chose.</summary>
    Sent = 1,

    /// <summary>An SMS that failed on every attempt; e-mail and in-app were still delivered.</summary>
    Failed = 2,
}

/// <summary>
/// One notification to a patient about one event occurrence. <see cref="OnceKey"/> names the occurrence
/// (<c>message:{messageId}</c>, <c>inactive:{enrollmentId}:{lastActivityDay}</c>…) and is unique, so a sweep that finds the
/// same occurrence again — another instance at the same moment, or after a restart — inserts nothing. Times compared in
/// SQL are Unix milliseconds (SQLite cannot compare DateTimeOffset columns), as in the mail outbox.
/// </summary>
/// <remarks>
/// The row holds no text: texts are written at sending time from <see cref="Kind"/> alone, in the patient's language, so
/// nothing from a message or an answer can ever reach one (docs/security.md, "Notifications").
/// </remarks>
public sealed class Notification
{
    public long Id { get; init; }
    public required string OnceKey { get; init; }
    public required string PatientId { get; init; }
    public required Guid EnrollmentId { get; init; }

    /// <summary>One of <see cref="NotificationKinds"/>: what the texts say, never more.</summary>
    public required string Kind { get; init; }

    public long CreatedAtMs { get; init; }
    public NotificationState State { get; set; }
    public long NextAttemptAtMs { get; set; }

    /// <summary>SMS attempts so far (the only channel sent from here that can fail; e-mail retries in the outbox).</summary>
    public int Attempts { get; set; }

    public string? ClaimedBy { get; set; }
    public long? ClaimedUntilMs { get; set; }

    /// <summary>Set when the e-mail went into the outbox (in the same transaction), so a retry never queues it twice.</summary>
    public long? EmailQueuedAtMs { get; set; }

    public long? SmsSentAtMs { get; set; }

    /// <summary>When sending finished (all chosen channels); the patient's and therapist's lists show this time.</summary>
    public long? SentAtMs { get; set; }

    /// <summary>Channels used, e.g. "inapp,email,sms".</summary>
    public string Channels { get; set; } = "inapp";

    /// <summary>A status word or HTTP status of the last failed SMS; never a number or a text.</summary>
    public string? LastError { get; set; }

    /// <summary>When the patient saw the in-app notice on their home page.</summary>
    public long? ReadAtMs { get; set; }
}

/// <summary>The kinds of occurrence (the first word of a once key).</summary>
public static class NotificationKinds
{
    public const string Message = "message";
    public const string ModuleOpened = "module-opened";
    public const string Inactive = "inactive";
    public const string ProgramEnd = "program-end";
    public const string QuestionnaireDue = "questionnaire-due";
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.OnceKey).HasMaxLength(200);
        builder.Property(n => n.PatientId).HasMaxLength(450);
        builder.Property(n => n.Kind).HasMaxLength(32);
        builder.Property(n => n.ClaimedBy).HasMaxLength(100);
        builder.Property(n => n.Channels).HasMaxLength(32);
        builder.Property(n => n.LastError).HasMaxLength(100);
        // The once-only guarantee: INSERT … ON CONFLICT ("OnceKey") DO NOTHING relies on it.
        builder.HasIndex(n => n.OnceKey).IsUnique();
        // The dispatcher's due query; the patient's notices and sent list; the therapist's list per enrollment.
        builder.HasIndex(n => new { n.State, n.NextAttemptAtMs });
        builder.HasIndex(n => new { n.PatientId, n.Id });
        builder.HasIndex(n => new { n.EnrollmentId, n.Id });
    }
}
