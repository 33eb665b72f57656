using System.Diagnostics.Metrics;

namespace ContentPlatform.Platform.Mail;

/// <summary>
/// The outbox's instruments (docs/observability.md), under the platform's own meter so both apps report them the same
/// way. Labels are fixed words: never an address or a subject.
/// </summary>
public static class MailTelemetry
{
    public const string Name = "ContentPlatform.Mail";

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Sent = Meter.CreateCounter<long>("contentplatform.mail.sent", "{mail}",
        "Mails handed to the SMTP server (or the Development pickup folder).");

    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("contentplatform.mail.failed", "{attempt}",
        "Send attempts that failed (label outcome: retry_scheduled, or given_up when the mail is marked failed).");
}
