using System.Security.Cryptography;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Platform.Sessions;

/// <summary>
/// The sessions table's rules: a row per sign-in, confirmed as the cookie is used, ended by sign-out, by the user (one
/// session, or all others), or by the provider. Ending a session also ends it on every instance at once: its cookie is
/// refused at its next request and its live hub connections close (<see cref="IAccessRevocations.RevokeSessionAsync"/>).
/// </summary>
public sealed class LoginSessions(DbContext db, IAccessRevocations revocations, LoginSessionState state)
{
    private DbSet<LoginSession> Rows => db.Set<LoginSession>();

    public async Task<string> StartAsync(string userId, string method, string? providerSessionId, string? userAgent, CancellationToken ct = default)
    {
        var now = state.Clock.GetUtcNow();
        var session = new LoginSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            UserId = userId,
            Method = method,
            ProviderSessionId = providerSessionId is { Length: > 0 and <= 200 } ? providerSessionId : null,
            UserAgent = userAgent is null ? "" : userAgent[..Math.Min(userAgent.Length, LoginSession.MaxUserAgent)],
            CreatedUtc = now,
            LastSeenUtc = now,
        };
        Rows.Add(session);
        await db.SaveChangesAsync(ct);
        state.Confirmed(session.Id);
        return session.Id;
    }

    /// <summary>Notes that the session was used now; false when it has ended (or never was), so its cookie must go.</summary>
    public async Task<bool> TouchAsync(string sessionId, CancellationToken ct = default)
    {
        var now = state.Clock.GetUtcNow();
        return await Rows.Where(s => s.Id == sessionId && s.EndedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenUtc, now), ct) == 1;
    }

    /// <summary>The user's sessions that can still be used (not ended, and seen within <paramref name="idle"/>), newest first.</summary>
    public async Task<IReadOnlyList<LoginSession>> ListAsync(string userId, TimeSpan idle, CancellationToken ct = default)
    {
        var since = state.Clock.GetUtcNow() - idle;
        var rows = await Rows.AsNoTracking().Where(s => s.UserId == userId && s.EndedUtc == null).ToListAsync(ct);
        // Filtered and sorted here: SQLite cannot compare DateTimeOffset columns, and a user has a handful of rows.
        return [.. rows.Where(s => s.LastSeenUtc >= since).OrderByDescending(s => s.LastSeenUtc)];
    }

    /// <summary>Ends one of the user's own sessions; false when there is no such live session of theirs (the page's 404).</summary>
    public async Task<bool> EndAsync(string userId, string sessionId, CancellationToken ct = default) =>
        await EndWhereAsync(Rows.Where(s => s.Id == sessionId && s.UserId == userId), ct) == 1;

    /// <summary>"Log out all others": every live session of the user but <paramref name="keep"/>.</summary>
    public Task<int> EndOthersAsync(string userId, string? keep, CancellationToken ct = default) =>
        EndWhereAsync(Rows.Where(s => s.UserId == userId && s.Id != keep), ct);

    /// <summary>
    /// Back-channel logout from the provider signed in as <paramref name="method"/>: the sessions of its session
    /// <paramref name="providerSessionId"/>; and, for the person it names by <paramref name="subject"/>, their sessions from
    /// that provider that carry no provider session (a weaker sign-in completed with a local code) — or all of them when
    /// the token names no session.
    /// </summary>
    public async Task<int> EndByProviderAsync(string method, string? providerSessionId, string? subject, CancellationToken ct = default)
    {
        List<string> userIds = subject is null ? [] : await db.Set<IdentityUserLogin<string>>()
            .Where(l => l.LoginProvider == method && l.ProviderKey == subject).Select(l => l.UserId).ToListAsync(ct);
        return await EndWhereAsync(providerSessionId is not null
            ? Rows.Where(s => s.Method == method && (s.ProviderSessionId == providerSessionId ||
                (s.ProviderSessionId == null && userIds.Contains(s.UserId))))
            : Rows.Where(s => s.Method == method && userIds.Contains(s.UserId)), ct);
    }

    private async Task<int> EndWhereAsync(IQueryable<LoginSession> which, CancellationToken ct)
    {
        var ending = await which.Where(s => s.EndedUtc == null).Select(s => new { s.Id, s.UserId }).ToListAsync(ct);
        if (ending.Count == 0)
        {
            return 0;
        }
        var ids = ending.Select(e => e.Id).ToList();
        var now = state.Clock.GetUtcNow();
        await Rows.Where(s => ids.Contains(s.Id) && s.EndedUtc == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedUtc, now), ct);
        foreach (var e in ending)
        {
            await revocations.RevokeSessionAsync(e.UserId, e.Id, ct);
        }
        return ending.Count;
    }
}
