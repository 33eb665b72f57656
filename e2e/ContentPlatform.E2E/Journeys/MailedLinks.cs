using System.Text.RegularExpressions;
using ContentPlatform.Delivery.Data;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Platform.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// Links in mail from the shared Delivery. It has no SMTP server, so its mail waits in the outbox exactly as it would be
/// sent (StaffAdminJourneyTests and the integration tests send through a real SMTP server).
/// </summary>
internal static partial class MailedLinks
{
    /// <summary>The link that starts with <paramref name="pathAndQueryStart"/> in the newest mail to <paramref name="to"/>, on the shared Delivery.</summary>
    public static async Task<Uri> MailedLinkAsync(this PlatformFixture platform, string to, string pathAndQueryStart)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using (var scope = platform.Delivery.Services.CreateAsyncScope())
            {
                var bodies = await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().Set<OutboxMail>()
                    .Where(m => m.Recipient == to).OrderByDescending(m => m.Id).Select(m => m.TextBody).ToListAsync();
                var link = bodies.SelectMany(b => Link().Matches(b)).Select(m => new Uri(m.Value))
                    .FirstOrDefault(u => u.PathAndQuery.StartsWith(pathAndQueryStart, StringComparison.Ordinal));
                if (link is not null)
                {
                    return new Uri(platform.DeliveryUrl, link.PathAndQuery);
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"no mail to {to} with a link to {pathAndQueryStart}");
            await Task.Delay(50); // polls for the row the request queues (after its answer, for forgot password)
        }
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
