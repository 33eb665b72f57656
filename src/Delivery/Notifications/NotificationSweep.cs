using System.Text;
using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Notifications;

/// <summary>
/// Asks every <see cref="INotificationRule"/> what is due and inserts what is new. Inserting is
/// <c>INSERT … ON CONFLICT ("OnceKey") DO NOTHING</c> (SQLite and PostgreSQL alike), so a second instance sweeping at the
/// same moment, or a sweep after a restart, adds nothing that exists: the unique once key decides, not a read before write.
/// Rules return every occurrence still due, every sweep, so most of a steady sweep would be no-op inserts; each instance
/// therefore remembers the keys it has seen stored (inserted, or refused as existing) and skips them next time. The
/// memory only saves work: a key it does not know is inserted as before, and the database still decides.
/// </summary>
public sealed class NotificationSweep(IServiceScopeFactory scopes, TimeProvider clock, DeliveryWriteGate gate)
{
    private const int RowsPerStatement = 400;

    /// <summary>About 100 bytes a key: a region's occurrences fit easily; past this the memory starts over (it is only a shortcut).</summary>
    internal int MaxRememberedKeys { get; init; } = 2_000_000;

    private readonly HashSet<string> stored = new(StringComparer.Ordinal);
    private readonly Lock storedLock = new();

    /// <summary>One sweep; returns how many notifications were new.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var now = clock.GetUtcNow();
        var inserted = 0;
        foreach (var rule in scope.ServiceProvider.GetServices<INotificationRule>())
        {
            var due = await rule.DueAsync(now, ct);
            inserted += await InsertNewAsync(db, due, now, ct);
        }
        return inserted;
    }

    internal async Task<int> InsertNewAsync(DeliveryDbContext db, IReadOnlyList<DueNotification> due, DateTimeOffset now, CancellationToken ct)
    {
        var inserted = 0;
        var ms = now.ToUnixTimeMilliseconds();
        List<DueNotification> unknown;
        lock (storedLock)
        {
            unknown = due.DistinctBy(d => d.OnceKey).Where(d => !stored.Contains(d.OnceKey)).ToList();
        }
        foreach (var chunk in unknown.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder("""
                INSERT INTO "Notifications" ("OnceKey", "PatientId", "EnrollmentId", "Kind", "CreatedAtMs", "State", "NextAttemptAtMs", "Attempts", "Channels") VALUES
                """);
            var parameters = new List<object>(chunk.Length * 4 + 1) { ms };
            for (var i = 0; i < chunk.Length; i++)
            {
                var p = parameters.Count;
                sql.Append(i == 0 ? "\n" : ",\n").Append($"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}}, {{0}}, 0, {{0}}, 0, 'inapp')");
                parameters.AddRange([chunk[i].OnceKey, chunk[i].PatientId, chunk[i].EnrollmentId, chunk[i].Kind]);
            }
            sql.Append("\nON CONFLICT (\"OnceKey\") DO NOTHING");
            using (await gate.EnterAsync(ct))
            {
                inserted += await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
            }
            Remember(chunk);
        }
        return inserted;
    }

    /// <summary>How many once keys this instance remembers now (never more than <see cref="MaxRememberedKeys"/>).</summary>
    internal int RememberedCount
    {
        get
        {
            lock (storedLock)
            {
                return stored.Count;
            }
        }
    }

    private void Remember(DueNotification[] chunk)
    {
        if (chunk.Length > MaxRememberedKeys)
        {
            return;
        }
        lock (storedLock)
        {
            if (stored.Count + chunk.Length > MaxRememberedKeys)
            {
                stored.Clear();
            }
            foreach (var d in chunk)
            {
                stored.Add(d.OnceKey);
            }
        }
    }
}
