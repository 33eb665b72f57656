using System.Text.RegularExpressions;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// Links in mail the shared Delivery sent: its outbox delivers over SMTP to the fixture's real SMTP server
/// (<see cref="PlatformFixture.Mail"/>), so a journey follows the link a person would find in their inbox.
/// </summary>
internal static partial class MailedLinks
{
    /// <summary>The link that starts with <paramref name="pathAndQueryStart"/> in the newest mail to <paramref name="to"/>.</summary>
    public static async Task<Uri> MailedLinkAsync(this PlatformFixture platform, string to, string pathAndQueryStart)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var link = platform.Mail.MailsTo(to).Reverse()
                .Select(mail => LinkIn(mail, pathAndQueryStart))
                .FirstOrDefault(l => l is not null);
            if (link is not null)
            {
                return new Uri(platform.DeliveryUrl, link.PathAndQuery);
            }
            Assert.True(DateTime.UtcNow < deadline, $"no mail to {to} with a link to {pathAndQueryStart}");
            await Task.Delay(50); // polls until the outbox has sent the mail the request queued
        }
    }

    private static Uri? LinkIn(CaughtMail mail, string pathAndQueryStart) =>
        Link().Matches(mail.TextBody).Select(m => new Uri(m.Value.TrimEnd('.', ')', ',')))
            .FirstOrDefault(u => u.PathAndQuery.StartsWith(pathAndQueryStart, StringComparison.Ordinal));

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
