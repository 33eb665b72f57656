using System.Security.Cryptography;
using System.Text;

namespace ContentPlatform.Contract.Releases;

/// <summary>
/// HMAC-SHA256 over "timestamp.body" with a shared secret, sent as
/// <c>X-ContentPlatform-Signature: t=UNIX,v1=HEX</c>. The timestamp stops replays of old deliveries.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-ContentPlatform-Signature";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        // An empty key still gives a MAC that anyone can compute: never sign (or accept) with one.
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var prefix = Encoding.UTF8.GetBytes($"{unixSeconds}.");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>True when the header is a valid signature of the body no older than <paramref name="tolerance"/>.</summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(header))
        {
            return false;
        }
        long? t = null;
        string? v1 = null;
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length == 2 && kv[0] == "t" && long.TryParse(kv[1], out var ts))
            {
                t = ts;
            }
            else if (kv.Length == 2 && kv[0] == "v1")
            {
                v1 = kv[1];
            }
        }
        if (t is null || v1 is null || Math.Abs(now.ToUnixTimeSeconds() - t.Value) > tolerance.TotalSeconds)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, t.Value, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(header));
    }
}

/// <summary>The body of a publish/withdraw webhook.</summary>
public sealed record ReleaseEvent(string Event, string ProgramId, string Slug, int Release, DateTimeOffset At);
