using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// Remembers, for a few seconds, the ticket a sign-in cookie decrypts to, so a patient clicking through pages does not pay
/// for data protection (AES + HMAC + deserialization) on every request: ≈11 % of a cached page's CPU (docs/benchmarks.md).
///
/// Why this weakens nothing:
/// - the cache holds only what <see cref="Unprotect(string?, string?)"/> would return anyway for the same cookie value:
///   a cookie that decrypts now decrypts the same way in a few seconds. Signing out deletes the cookie in the browser but
///   does not revoke it on the server (the old value would decrypt with or without this cache); a re-issued cookie
///   (sign-in, sliding renewal, security-stamp refresh) is a different value and so a different entry;
/// - everything the cookie handler decides after decryption still runs on every request against the cached ticket:
///   the expiry check, the security-stamp check when it is due (<see cref="SecondFactor"/>), sliding renewal,
///   authorization. Entries also never outlive the ticket's own expiry;
/// - each request gets its own deep copy: the handler changes a ticket's properties when it renews the cookie, and that
///   must not leak into the next request's copy;
/// - only tickets that decrypted are kept (garbage cookies cannot fill it), the number of entries is bounded, and the key
///   (the cookie value) never leaves this process's memory, where the request headers already are.
/// The one delay it adds: a data-protection key revoked on the server is noticed up to <see cref="Lifetime"/> later, well
/// inside the key ring's own refresh interval. A user's access taken away (<see cref="RevokedSessions"/>) is not delayed:
/// the stamp check that refuses the old cookie at once runs on the cached ticket like on a fresh one, so entries need no
/// eviction.
/// </summary>
public sealed class DecryptedTicketCache(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider time)
    : ISecureDataFormat<AuthenticationTicket>, IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 10_000; // ≈ 10,000 × (cookie ≈ 1 KB + ticket ≈ 2 KB) at most

    private readonly MemoryCache _tickets = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        // A purpose (TLS token binding) is part of what was protected; it is never set here, so such cookies are not cached.
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }
        var now = time.GetUtcNow();
        if (_tickets.TryGetValue(protectedText, out Entry? cached) && cached is not null)
        {
            if (now < cached.Until)
            {
                return cached.Ticket.Clone();
            }
            _tickets.Remove(protectedText);
        }
        var ticket = inner.Unprotect(protectedText, purpose);
        if (ticket is null)
        {
            return null;
        }
        // Deadlines on the app's clock (the one the cookie handler checks expiry with); the memory cache's own expiry
        // only frees the memory.
        var until = ticket.Properties.ExpiresUtc is { } expires && expires < now + Lifetime ? expires : now + Lifetime;
        if (until > now)
        {
            _tickets.Set(protectedText, new Entry(ticket.Clone(), until),
                new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        }
        return ticket;
    }

    public void Dispose() => _tickets.Dispose();

    private sealed record Entry(AuthenticationTicket Ticket, DateTimeOffset Until);
}

public static class DecryptedTicketCacheSetup
{
    /// <summary>Wraps the ticket format of the cookie scheme <paramref name="scheme"/> in a <see cref="DecryptedTicketCache"/>.</summary>
    public static IServiceCollection AddDecryptedTicketCache(this IServiceCollection services, string scheme)
    {
        // PostConfigure runs after the cookie handler's own, which is where the default data-protected format is made.
        services.PostConfigure<CookieAuthenticationOptions>(scheme, o =>
        {
            if (o.TicketDataFormat is not DecryptedTicketCache)
            {
                o.TicketDataFormat = new DecryptedTicketCache(o.TicketDataFormat, o.TimeProvider ?? TimeProvider.System);
            }
        });
        return services;
    }
}
