using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Contract.Releases;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Webhooks;

/// <summary>Adds one delivery per endpoint to the caller's unit of work, so a publish and its announcement commit together.</summary>
public sealed class ReleaseNotifier(IOptions<WebhookOptions> options)
{
    public void Enqueue(CmsDbContext db, string eventName, string programId, string slug, int release, DateTimeOffset now)
    {
        var payload = JsonSerializer.Serialize(new ReleaseEvent(eventName, programId, slug, release, now), ContractJson.Options);
        foreach (var endpoint in options.Value.Endpoints)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Url = endpoint.Url, Event = eventName, PayloadJson = payload, CreatedAt = now,
                NextAttemptAt = now, DueAt = now.ToUnixTimeSeconds(),
            });
        }
    }
}
