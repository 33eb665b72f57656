using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace ContentPlatform.Platform.Mail;

/// <summary>Hands one mail to SMTP (MailKit) or, in Development without SMTP, to the pickup folder as an .eml file.</summary>
internal sealed class MailTransport(MailOptions options, MailMode mode, string pickupFolder)
{
    public MailMode Mode => mode;

    public MimeMessage Build(OutboxMail mail)
    {
        var message = new MimeMessage();
        var from = options.From.Address.Length > 0 ? options.From.Address : "noreply@localhost";
        message.From.Add(new MailboxAddress(options.From.Name, from));
        message.To.Add(MailboxAddress.Parse(mail.Recipient));
        message.Subject = mail.Subject;
        message.Headers.Add("Content-Language", mail.Culture);
        // The outbox id makes the Message-Id stable across retries, so a receiving server can drop a duplicate.
        message.MessageId = $"outbox-{mail.Id}-{mail.CreatedAt.ToUnixTimeMilliseconds()}@{MessageIdDomain(from)}";
        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        message.Body = body.ToMessageBody();
        return message;
    }

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        if (mode == MailMode.Pickup)
        {
            Directory.CreateDirectory(pickupFolder);
            var path = Path.Combine(pickupFolder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{(message.MessageId ?? "mail").Split('@')[0]}.eml");
            await message.WriteToAsync(path, ct);
            return;
        }
        using var client = new SmtpClient { Timeout = 30_000 };
        var smtp = options.Smtp;
        await client.ConnectAsync(smtp.Host.Trim(), smtp.EffectivePort, smtp.Security, ct);
        if (smtp.UserName.Length > 0)
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password, ct);
        }
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    /// <summary>
    /// The reason kept on the row and in logs: an SMTP status or an error kind, never the server's free text (it often
    /// repeats the recipient's address).
    /// </summary>
    public static (string Error, bool Permanent) Describe(Exception e) => e switch
    {
        SmtpCommandException c => ($"SMTP {(int)c.StatusCode} {c.ErrorCode}", (int)c.StatusCode is >= 500 and < 600),
        SmtpProtocolException => ("SMTP protocol error", false),
        MailKit.Security.AuthenticationException => ("SMTP authentication failed", false),
        MailKit.Security.SslHandshakeException => ("TLS handshake failed", false),
        SocketException s => ($"network: {s.SocketErrorCode}", false),
        IOException => ("connection lost", false),
        ServiceNotConnectedException => ("connection lost", false),
        OperationCanceledException or TimeoutException => ("timed out", false),
        ParseException => ("recipient is not a valid address", true),
        UnauthorizedAccessException => ("pickup folder not writable", false),
        _ => (e.GetType().Name, false),
    };

    private static string MessageIdDomain(string from) => from.Contains('@', StringComparison.Ordinal) ? from[(from.IndexOf('@', StringComparison.Ordinal) + 1)..] : "localhost";
}
