using System.Security.Cryptography;
using System.Text;
using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Fhir;

/// <summary>Creates, finds and revokes <see cref="FhirClientKey"/>s.</summary>
public sealed class FhirKeys(DeliveryDbContext db, DeliveryWriteGate gate, TimeProvider clock)
{
    private const string Prefix = "cpfhir_";

    /// <summary>A new key for <paramref name="staffUserId"/>; the returned text is the only copy of the key.</summary>
    public async Task<(FhirClientKey Key, string Secret)> CreateAsync(string staffUserId, string name, string createdBy, CancellationToken ct = default)
    {
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new FhirClientKey
        {
            Id = Guid.NewGuid(), Name = name, StaffUserId = staffUserId, KeyHash = Hash(secret), CreatedAt = clock.GetUtcNow(), CreatedBy = createdBy,
        };
        using (await gate.EnterAsync(ct))
        {
            db.Set<FhirClientKey>().Add(key);
            await db.SaveChangesAsync(ct);
        }
        return (key, secret);
    }

    /// <summary>The live key with this secret, or null (unknown, revoked, or not one of ours at all).</summary>
    public async Task<FhirClientKey?> FindAsync(string? secret, CancellationToken ct = default)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }
        var hash = Hash(secret);
        return await db.Set<FhirClientKey>().AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, ct);
    }

    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct = default)
    {
        using (await gate.EnterAsync(ct))
        {
            var now = clock.GetUtcNow();
            return await db.Set<FhirClientKey>().Where(k => k.Id == id && k.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), ct) > 0;
        }
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
