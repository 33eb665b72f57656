using System.Security.Cryptography;
using System.Text;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// A patient's pseudonym in one research project: HMAC-SHA256 keyed with a server-side secret over the project and the
/// patient id. Stable, so a project can link its exports over time; different per project, so two projects cannot link
/// their data; and without the secret it cannot be reversed or recomputed from a guessed patient id.
/// </summary>
public static class Pseudonym
{
    public static string For(string secret, string projectId, string patientId)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"project:{projectId}\npatient:{patientId}"));
        // 128 bits: collisions are negligible for any register size, and the value stays short in a spreadsheet.
        return "p-" + Convert.ToHexStringLower(mac, 0, 16);
    }
}
