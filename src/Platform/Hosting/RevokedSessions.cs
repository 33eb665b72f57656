using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// Users whose access was taken away on this instance (or heard of from another), and when. A sign-in cookie issued
/// before that moment has its security stamp checked against the database at its next request instead of waiting for the
/// 30-minute interval (see <see cref="SecondFactor"/>), so an old cookie — whether decrypted now or taken from the
/// <see cref="DecryptedTicketCache"/> — is refused at once. After the interval every such cookie is checked anyway, so an
/// entry is kept only that long.
/// </summary>
public sealed class RevokedSessions(IOptions<SecurityStampValidatorOptions> options)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);

    public void Revoke(string userId)
    {
        var now = (options.Value.TimeProvider ?? TimeProvider.System).GetUtcNow(); // the clock the stamp check uses
        _since[userId] = now;
        foreach (var (user, at) in _since)
        {
            if (now - at > options.Value.ValidationInterval)
            {
                _since.TryRemove(new KeyValuePair<string, DateTimeOffset>(user, at));
            }
        }
    }

    /// <summary>
    /// Whether a session issued at <paramref name="issuedUtc"/> began before the user's access was last taken away. A
    /// cookie's issue time is kept to the second, so "at or before": at worst a fresh cookie is checked once for nothing.
    /// </summary>
    public bool IsRevoked(string userId, DateTimeOffset issuedUtc) =>
        _since.TryGetValue(userId, out var at) && issuedUtc <= at;
}
