using System.Security.Claims;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Authentication;

namespace ContentPlatform.Tests.Foundation;

/// <summary>The few seconds' memory of decrypted sign-in cookies: fewer decryptions, the same answers.</summary>
public sealed class DecryptedTicketCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_cookie_is_decrypted_once_and_each_request_gets_its_own_copy()
    {
        var inner = new CountingFormat(Ticket(expires: Start.AddMinutes(30)));
        using var cache = new DecryptedTicketCache(inner, new ManualClock(Start));

        var first = cache.Unprotect("cookie-a")!;
        first.Properties.IssuedUtc = Start.AddYears(1); // what a sliding renewal does to the request's own ticket
        first.Principal.Identities.First().AddClaim(new Claim("extra", "1"));
        var second = cache.Unprotect("cookie-a")!;

        Assert.Equal(1, inner.Calls);
        Assert.Equal(Start, second.Properties.IssuedUtc);
        Assert.False(second.Principal.HasClaim(c => c.Type == "extra"));
        Assert.Equal("patient-1", second.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
    }

    [Fact]
    public void A_ticket_past_its_expiry_is_not_served_from_the_cache()
    {
        var clock = new ManualClock(Start);
        var inner = new CountingFormat(Ticket(expires: Start.AddSeconds(5)));
        using var cache = new DecryptedTicketCache(inner, clock);
        cache.Unprotect("cookie-a");

        clock.Now = Start.AddSeconds(6);
        cache.Unprotect("cookie-a"); // decrypted again, so the cookie handler sees the real (expired) ticket and refuses it

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public void A_cached_ticket_is_decrypted_again_after_the_cache_lifetime()
    {
        var clock = new ManualClock(Start);
        var inner = new CountingFormat(Ticket(expires: Start.AddMinutes(30)));
        using var cache = new DecryptedTicketCache(inner, clock);
        cache.Unprotect("cookie-a");

        clock.Now = Start + DecryptedTicketCache.Lifetime;
        cache.Unprotect("cookie-a");

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public void A_cookie_that_does_not_decrypt_is_not_remembered_and_another_cookie_is_its_own_entry()
    {
        var inner = new CountingFormat(null);
        using var cache = new DecryptedTicketCache(inner, new ManualClock(Start));
        Assert.Null(cache.Unprotect("forged"));
        Assert.Null(cache.Unprotect("forged"));
        Assert.Equal(2, inner.Calls);

        inner.Result = Ticket(expires: Start.AddMinutes(30));
        cache.Unprotect("cookie-a");
        cache.Unprotect("cookie-b"); // a re-issued cookie is a new value: decrypted, never mistaken for the old one
        Assert.Equal(4, inner.Calls);
    }

    private static AuthenticationTicket Ticket(DateTimeOffset expires) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "patient-1")], "Identity.Application")),
            new AuthenticationProperties { IssuedUtc = Start, ExpiresUtc = expires }, "Identity.Application");

    private sealed class CountingFormat(AuthenticationTicket? result) : ISecureDataFormat<AuthenticationTicket>
    {
        public AuthenticationTicket? Result { get; set; } = result;
        public int Calls { get; private set; }

        public string Protect(AuthenticationTicket data) => throw new NotSupportedException();

        public string Protect(AuthenticationTicket data, string? purpose) => throw new NotSupportedException();

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Calls++;
            return Result?.Clone();
        }
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
