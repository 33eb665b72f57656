using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ContentPlatform.Delivery.AccessLogs;

/// <summary>
/// The hashes of the access-log chain. Rows written since the chain was keyed carry HMAC-SHA256 under
/// <see cref="AccessLogOptions.ChainKey"/>; rows written before carry the plain SHA-256 of the same text (legacy). No row
/// is ever rewritten: a legacy row is recognised by its hash and trusted only where a signed anchor pins it (see
/// <see cref="AccessLog.VerifyAsync"/>), so an attacker cannot pass off a chain recomputed with plain SHA-256.
/// </summary>
public sealed class AccessLogChain(byte[] key)
{
    public static AccessLogChain From(AccessLogOptions options) => new(Encoding.UTF8.GetBytes(options.ChainKey));

    public string Keyed(string previous, string patientId, int sequence, string staffUserId, string staffName, DateTimeOffset at,
        string what, Guid? enrollmentId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Text(previous, patientId, sequence, staffUserId, staffName, at, what, enrollmentId)));

    /// <summary>The hash rows had before the chain was keyed; only ever checked, never written.</summary>
    public static string Legacy(string previous, string patientId, int sequence, string staffUserId, string staffName, DateTimeOffset at,
        string what, Guid? enrollmentId) =>
        Convert.ToHexStringLower(SHA256.HashData(Text(previous, patientId, sequence, staffUserId, staffName, at, what, enrollmentId)));

    /// <summary>
    /// The chain's name in the anchor file: keyed, so the file neither names the patient nor lets anyone link it to a
    /// patient id without the key.
    /// </summary>
    public string ChainId(string patientId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("access-log-chain|" + patientId)))[..32];

    public string Sign(string line) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("anchor|" + line)));

    public static bool SameHash(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    /// <summary>Unambiguous: every field length-prefixed, times as UTC ticks, so no two rows hash the same text.</summary>
    private static byte[] Text(string previous, string patientId, int sequence, string staffUserId, string staffName,
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
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
