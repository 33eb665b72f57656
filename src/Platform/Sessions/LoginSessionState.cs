using System.Collections.Concurrent;

namespace ContentPlatform.Platform.Sessions;

/// <summary>
/// This instance's memory of sessions: those ended (here, or heard of from another instance), refused at once; and when
/// each live one was last confirmed against its row. A session is confirmed (and its "last seen" written) at most once
/// per <see cref="TouchInterval"/>, so an ordinary request costs a dictionary look-up, not a query; an instance that
/// missed the signal of an ending still refuses the cookie at its next confirmation.
/// </summary>
public sealed class LoginSessionState(TimeProvider clock)
{
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <summary>Past this, the row is asked anyway (<see cref="TouchInterval"/>): the memory of an ending can go.</summary>
    private static readonly TimeSpan Remember = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _confirmed = new(StringComparer.Ordinal);

    public TimeProvider Clock => clock;

    public void End(string sessionId)
    {
        var now = clock.GetUtcNow();
        _ended[sessionId] = now;
        _confirmed.TryRemove(sessionId, out _);
        foreach (var (id, at) in _ended)
        {
            if (now - at > Remember)
            {
                _ended.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, at));
            }
        }
    }

    public bool IsEnded(string sessionId) => _ended.ContainsKey(sessionId);

    /// <summary>Whether the row should be asked now (and the moment noted, so concurrent requests do not all ask).</summary>
    public bool ConfirmationDue(string sessionId)
    {
        var now = clock.GetUtcNow();
        if (_confirmed.TryGetValue(sessionId, out var at) && now - at < TouchInterval)
        {
            return false;
        }
        _confirmed[sessionId] = now;
        if (_confirmed.Count > 50_000)
        {
            foreach (var (id, when) in _confirmed)
            {
                if (now - when >= TouchInterval)
                {
                    _confirmed.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, when));
                }
            }
        }
        return true;
    }

    public void Confirmed(string sessionId) => _confirmed[sessionId] = clock.GetUtcNow();
}
