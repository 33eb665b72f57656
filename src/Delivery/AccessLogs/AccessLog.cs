using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.AccessLogs;

/// <summary>
/// The result of checking a patient's access log. <see cref="FirstBrokenSequence"/> names the first entry that is not
/// as written; <see cref="AnchoredEntries"/> is set when fewer entries exist than a signed anchor vouched for
/// (<see cref="AnchoredAt"/>): the newest rows were cut.
/// </summary>
public sealed record AccessLogCheck(bool Intact, int Entries, int? FirstBrokenSequence, int? AnchoredEntries = null,
    DateTimeOffset? AnchoredAt = null);

/// <summary>Writes and verifies the per-patient keyed hash chain of staff access (see docs/security.md).</summary>
public sealed class AccessLog(DeliveryDbContext db, DeliveryWriteGate gate, TimeProvider clock, AccessLogChain chain, AccessLogAnchors anchors)
{
    private const string Genesis = "";

    public async Task WriteAsync(string patientId, string staffUserId, string staffName, string what, Guid? enrollmentId, CancellationToken ct)
    {
        // Two writers for one patient (two instances on PostgreSQL) may pick the same sequence: the unique index refuses
        // the second, which reads the new head and tries again.
        for (var attempt = 0; ; attempt++)
        {
            using (await gate.EnterAsync(ct))
            {
                var head = await db.AccessLog.AsNoTracking().Where(a => a.PatientId == patientId)
                    .OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(ct);
                // PostgreSQL keeps microseconds: hash the time as it will read back.
                var now = clock.GetUtcNow();
                var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
                var sequence = (head?.Sequence ?? 0) + 1;
                var entry = new AccessLogEntry
                {
                    PatientId = patientId, Sequence = sequence, StaffUserId = staffUserId, StaffName = staffName, At = at, What = what,
                    EnrollmentId = enrollmentId,
                    Hash = chain.Keyed(head?.Hash ?? Genesis, patientId, sequence, staffUserId, staffName, at, what, enrollmentId),
                };
                db.AccessLog.Add(entry);
                try
                {
                    await db.SaveChangesAsync(ct);
                    anchors.Written(patientId, sequence, entry.Hash);
                    return;
                }
                catch (DbUpdateException) when (attempt < 5)
                {
                    db.Entry(entry).State = EntityState.Detached;
                }
            }
        }
    }

    /// <summary>
    /// Recomputes the chain. A row passes when its keyed hash matches; a row with the old plain SHA-256 hash (written
    /// before the key) passes only when a signed anchor at or after it still matches, so a chain recomputed without the
    /// key fails from the first recomputed row. Fewer rows than the newest anchor vouched for means rows were cut.
    /// </summary>
    public async Task<AccessLogCheck> VerifyAsync(string patientId, CancellationToken ct)
    {
        var rows = await db.AccessLog.AsNoTracking().Where(a => a.PatientId == patientId).OrderBy(a => a.Sequence).ToListAsync(ct);
        var signed = await anchors.ForAsync(patientId, ct);
        int? broken = null;
        var legacyRows = new List<int>();
        var previous = Genesis;
        for (var i = 0; i < rows.Count && broken is null; i++)
        {
            var r = rows[i];
            if (r.Sequence != i + 1)
            {
                broken = r.Sequence;
            }
            else if (!AccessLogChain.SameHash(chain.Keyed(previous, r.PatientId, r.Sequence, r.StaffUserId, r.StaffName, r.At, r.What, r.EnrollmentId), r.Hash))
            {
                if (AccessLogChain.SameHash(AccessLogChain.Legacy(previous, r.PatientId, r.Sequence, r.StaffUserId, r.StaffName, r.At, r.What, r.EnrollmentId), r.Hash))
                {
                    legacyRows.Add(r.Sequence);
                }
                else
                {
                    broken = r.Sequence;
                }
            }
            previous = r.Hash;
        }
        var checkedRows = broken is { } b ? b - 1 : rows.Count;

        // The newest anchor that still matches vouches for every row up to it; an anchor beyond it that no longer
        // matches means the rows after the vouched prefix were rewritten.
        var vouched = signed.Where(a => a.Sequence <= checkedRows && AccessLogChain.SameHash(rows[a.Sequence - 1].Hash, a.Hash))
            .Select(a => a.Sequence).DefaultIfEmpty(0).Max();
        if (legacyRows.FirstOrDefault(s => s > vouched) is > 0 and var unvouched)
        {
            broken = Min(broken, unvouched);
        }
        if (signed.Any(a => a.Sequence > vouched && a.Sequence <= checkedRows))
        {
            broken = Min(broken, vouched + 1);
        }
        var newest = signed.MaxBy(a => a.Sequence);
        var cut = newest is not null && newest.Sequence > rows.Count ? newest : null;
        return new(broken is null && cut is null, rows.Count, broken, cut?.Sequence, cut?.At);
    }

    private static int Min(int? a, int b) => a is { } x ? Math.Min(x, b) : b;
}
