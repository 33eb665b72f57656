using System.Collections.Concurrent;
using ContentPlatform.Delivery.Realtime;
using ContentPlatform.Platform.Hosting;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Messaging;

/// <summary>What the access query reads for (enrollment, caller): the enrollment, its care team and the caller's name.</summary>
internal sealed record ThreadAccessRow(string ProgramId, string? PatientId, List<string> Team, string? Name);

/// <summary>
/// The access query's answer per (enrollment, user), kept for <see cref="MessagingOptions.AccessKeptFor"/> (default 5 s) so a hub <c>Send</c> is one
/// PostgreSQL round trip (the INSERT) instead of two (docs/benchmarks.md, issue 17). Only the row is kept; the decision
/// (patient of this enrollment, or staff with the second factor in its care team) is made from the caller's claims on
/// every call, and a miss is never kept, so a colleague added to a team is let in at once.
///
/// Security: taking access away must not wait for that lifetime. Every revocation reaches this cache on every
/// instance before it touches live connections (<see cref="IAccessRevocationObserver"/>; the remover's request returns
/// only after the other instances acted): a care-team removal drops the whole enrollment (the others' rows list the
/// removed member as a recipient), a user-wide or session revocation drops the user's rows, and after a Redis outage,
/// when revocations may have been missed, everything goes. A query that was running while an eviction happened is not
/// kept (a generation check), so a read from before a removal cannot be put back after it. What is left is a care-team
/// change that revokes nothing (a colleague added): the others' rows miss the new member's "thread" notices for at most
/// that lifetime. Zero turns the cache off.
/// </summary>
public sealed class ThreadAccessCache(TimeProvider clock, IOptions<MessagingOptions> options) : IAccessRevocationObserver
{
    private readonly TimeSpan _lifetime = options.Value.AccessKeptFor;

    /// <summary>Rows of people who wrote in the last few seconds; beyond this something is odd, and starting afresh is cheap.</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<(Guid Enrollment, string User), Entry> _entries = new();
    private long _generation;

    private sealed record Entry(ThreadAccessRow Row, DateTimeOffset Until);

    /// <summary>Taken before the query whose answer is then given to <see cref="Keep"/>.</summary>
    internal long Generation => Interlocked.Read(ref _generation);

    internal ThreadAccessRow? Find(Guid enrollmentId, string userId) =>
        _entries.TryGetValue((enrollmentId, userId), out var entry) && entry.Until > clock.GetUtcNow() ? entry.Row : null;

    internal void Keep(Guid enrollmentId, string userId, ThreadAccessRow row, long generationBefore)
    {
        if (_lifetime <= TimeSpan.Zero)
        {
            return;
        }
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        var key = (enrollmentId, userId);
        var entry = new Entry(row, clock.GetUtcNow() + _lifetime);
        _entries[key] = entry;
        // An eviction increments the generation before it removes: if one began after the query started, either it
        // removes this entry or this check sees it and takes the entry back out.
        if (Interlocked.Read(ref _generation) != generationBefore)
        {
            _entries.TryRemove(new KeyValuePair<(Guid, string), Entry>(key, entry));
        }
    }

    public void Revoked(AccessRevoked revoked)
    {
        Interlocked.Increment(ref _generation);
        const string enrollmentGroup = "enrollment:";
        if (revoked.Group is { } group)
        {
            if (group.StartsWith(enrollmentGroup, StringComparison.Ordinal) && Guid.TryParse(group.AsSpan(enrollmentGroup.Length), out var enrollmentId)
                && group == RealtimeGroups.Enrollment(enrollmentId))
            {
                RemoveWhere(key => key.Enrollment == enrollmentId);
            }
            else
            {
                _entries.Clear(); // a group this cache cannot place: safer to forget everything
            }
            return;
        }
        RemoveWhere(key => key.User == revoked.UserId);
    }

    public void MayHaveMissed()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private void RemoveWhere(Func<(Guid Enrollment, string User), bool> match)
    {
        foreach (var key in _entries.Keys)
        {
            if (match(key))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}

/// <summary>Settings of the care hub's send path.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>
    /// How long a sender's access answer is kept (<see cref="ThreadAccessCache"/>). Revocations evict at once whatever
    /// this is; it only bounds how late a newly added colleague appears in others' notices. Tests set it long, so only an
    /// eviction can make a kept answer go.
    /// </summary>
    public TimeSpan AccessKeptFor { get; set; } = TimeSpan.FromSeconds(5);

    public static SettingProblem? Check(MessagingOptions options, IHostEnvironment environment) =>
        options.AccessKeptFor < TimeSpan.Zero || options.AccessKeptFor > TimeSpan.FromHours(1)
            ? new("Messaging:AccessKeptFor", $"'{options.AccessKeptFor}' must be between 00:00:00 (off) and 01:00:00.")
            : null;
}
