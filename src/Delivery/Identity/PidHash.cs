using System.Security.Cryptography;
using System.Text;
using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Identity;

/// <summary>
/// The national identity number is stored only as HMAC-SHA256 under a key from the settings ("Identity:PidKey"), as
/// the key of the patient's ID-porten login: enough to recognise the person at the next sign-in, useless to anyone who
/// reads the database without the key (11-digit numbers are few enough to hash them all, so a plain hash would not do).
/// Not recoverable by design (docs/security.md, "Identity").
/// </summary>
public sealed class PidHash
{
    public const string Setting = "Identity:PidKey";

    /// <summary>Development only, so the demo runs without setup. Refused in every other environment.</summary>
    public const string DevelopmentKey = "development-only-pid-key-never-use-this-outside-development";

    private readonly byte[] key;

    public PidHash(string key) => this.key = Encoding.UTF8.GetBytes(key);

    public string Hash(string pid) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(pid.Trim())));

    public static PidHash Read(IConfiguration configuration, IHostEnvironment environment)
    {
        var value = configuration[Setting] ?? "";
        if (environment.IsDevelopment() && value.Length == 0)
        {
            value = DevelopmentKey;
        }
        else if (!environment.IsDevelopment() && value == DevelopmentKey)
        {
            throw new StartupConfigurationException(Setting, "the development key is not allowed outside Development.");
        }
        if (value.Length < 32)
        {
            throw new StartupConfigurationException(Setting,
                "a key of at least 32 characters is required when ID-porten is on (e.g. `openssl rand -base64 48`); keep it out of the database, and never change it (patients would no longer be recognised).");
        }
        return new PidHash(value);
    }
}
