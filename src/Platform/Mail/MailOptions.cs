using MailKit.Security;
using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Platform.Mail;

/// <summary>
/// Section "Mail": how the outbox sends. With <c>Smtp:Host</c> set, mail goes over SMTP. Without it, Development writes
/// each mail as an .eml file to <see cref="PickupPath"/> (nothing is lost, a newcomer can open them); anywhere else mail
/// stays queued in the outbox (visible on /admin/mail) until SMTP is configured. <c>Enabled=false</c> keeps everything
/// queued on purpose (e.g. a second instance that should not send).
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>Null: on when SMTP is configured (or Development's pickup folder). True demands an SMTP host outside Development.</summary>
    public bool? Enabled { get; set; }

    public SmtpSettings Smtp { get; set; } = new();
    public SenderSettings From { get; set; } = new();

    /// <summary>Development without SMTP: where .eml files go. Relative paths are under Storage:DataPath.</summary>
    public string PickupPath { get; set; } = "mail";

    /// <summary>Attempts before a mail is marked failed (and listed on /admin/mail).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; each later retry waits about twice as long (with up to 20 % jitter).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the worker looks for due mail.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Base of the links in mails (e.g. https://behandling.example.no); empty: the request's own origin.</summary>
    public string PublicBaseUrl { get; set; } = "";
}

public sealed class SmtpSettings
{
    public string Host { get; set; } = "";

    /// <summary>0: the usual port for <see cref="Security"/> (25, 587 or 465).</summary>
    public int Port { get; set; }

    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";

    public int EffectivePort => Port != 0 ? Port : Security switch
    {
        SecureSocketOptions.SslOnConnect => 465,
        SecureSocketOptions.None => 25,
        _ => 587,
    };
}

public sealed class SenderSettings
{
    public string Address { get; set; } = "";
    public string Name { get; set; } = "";
}

/// <summary>How the running app sends, decided once from the options and the environment.</summary>
public enum MailMode
{
    /// <summary>Mails are kept in the outbox, unsent.</summary>
    Held,
    Smtp,
    Pickup,
}

/// <summary>The start-up check of the "Mail" section: the first broken setting, named (see StartupOptions).</summary>
internal static class MailOptionsCheck
{
    public static SettingProblem? Check(MailOptions options, bool development)
    {
        var smtp = options.Smtp;
        if (options.Enabled == true && string.IsNullOrWhiteSpace(smtp.Host) && !development)
        {
            return new("Mail:Smtp:Host", "required when Mail:Enabled is true (the SMTP server's host name).");
        }
        if (!string.IsNullOrWhiteSpace(smtp.Host))
        {
            if (Uri.CheckHostName(smtp.Host.Trim()) == UriHostNameType.Unknown)
            {
                return new("Mail:Smtp:Host", $"'{smtp.Host}' is not a host name or IP address.");
            }
            if (string.IsNullOrWhiteSpace(options.From.Address) || !System.Net.Mail.MailAddress.TryCreate(options.From.Address, out _))
            {
                return new("Mail:From:Address", "must be an e-mail address (the sender of every mail) when Mail:Smtp:Host is set.");
            }
        }
        if (smtp.Port is < 0 or > 65535)
        {
            return new("Mail:Smtp:Port", $"must be between 1 and 65535 (or 0 for the usual port), got {smtp.Port}.");
        }
        if (smtp.Security is not (SecureSocketOptions.None or SecureSocketOptions.StartTls or SecureSocketOptions.SslOnConnect))
        {
            return new("Mail:Smtp:Security", $"must be None, StartTls or SslOnConnect, got {smtp.Security}.");
        }
        if (smtp.UserName.Length > 0 && smtp.Password.Length == 0)
        {
            return new("Mail:Smtp:Password", "required when Mail:Smtp:UserName is set.");
        }
        if (smtp.UserName.Length > 0 && smtp.Security == SecureSocketOptions.None && !development)
        {
            return new("Mail:Smtp:Security", "must be StartTls or SslOnConnect when Mail:Smtp:UserName is set (a password is never sent in clear text).");
        }
        if (options.MaxAttempts is < 1 or > 50)
        {
            return new("Mail:MaxAttempts", $"must be between 1 and 50, got {options.MaxAttempts}.");
        }
        if (options.FirstRetryDelay <= TimeSpan.Zero)
        {
            return new("Mail:FirstRetryDelay", "must be positive, e.g. 00:00:30.");
        }
        if (options.PollInterval < TimeSpan.FromMilliseconds(10))
        {
            return new("Mail:PollInterval", "must be at least 00:00:00.010.");
        }
        if (options.PublicBaseUrl.Length > 0
            && (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return new("Mail:PublicBaseUrl", $"'{options.PublicBaseUrl}' must be an absolute http(s) URL.");
        }
        return null;
    }
}
