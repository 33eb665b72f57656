using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.MyData;

public sealed record AccessLogCheck(bool Intact, int Entries, int? FirstBrokenSequence);

/// <summary>Writes and verifies the per-patient hash chain of staff access.</summary>
public sealed class AccessLog(DeliveryDbContext db, DeliveryWriteGate gate, TimeProvider clock)
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
                    Hash = HashOf(head?.Hash ?? Genesis, patientId, sequence, staffUserId, staffName, at, what, enrollmentId),
                };
                db.AccessLog.Add(entry);
                try
                {
                    await db.SaveChangesAsync(ct);
                    return;
                }
                catch (DbUpdateException) when (attempt < 5)
                {
                    db.Entry(entry).State = EntityState.Detached;
                }
            }
        }
    }

    /// <summary>Recomputes the chain; the first row whose hash, sequence or predecessor does not match is reported.</summary>
    public async Task<AccessLogCheck> VerifyAsync(string patientId, CancellationToken ct)
    {
        var rows = await db.AccessLog.AsNoTracking().Where(a => a.PatientId == patientId).OrderBy(a => a.Sequence).ToListAsync(ct);
        var previous = Genesis;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var expected = HashOf(previous, r.PatientId, r.Sequence, r.StaffUserId, r.StaffName, r.At, r.What, r.EnrollmentId);
            if (r.Sequence != i + 1 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(r.Hash)))
            {
                return new(false, rows.Count, r.Sequence);
            }
            previous = r.Hash;
        }
        return new(true, rows.Count, null);
    }

    /// <summary>Unambiguous: every field length-prefixed, times as UTC ticks, so no two rows hash the same text.</summary>
    internal static string HashOf(string previous, string patientId, int sequence, string staffUserId, string staffName,
        DateTimeOffset at, string what, Guid? enrollmentId)
    {
        var text = new StringBuilder();
        foreach (var field in new[]
                 {
                     previous, patientId, sequence.ToString(CultureInfo.InvariantCulture), staffUserId, staffName,
                     at.UtcTicks.ToString(CultureInfo.InvariantCulture), what, enrollmentId?.ToString("N") ?? "",
                 })
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
