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

    /// <summary>The start-up check (see StartupOptions): the key is required once ID-porten is on.</summary>
    public static SettingProblem? Check(PidKeyOptions options, IHostEnvironment environment)
    {
        var value = KeyOf(options, environment);
        if (!environment.IsDevelopment() && value == DevelopmentKey)
        {
            return new(Setting, "the development key is not allowed outside Development.");
        }
        if (value.Length < 32)
        {
            return new(Setting,
                "a key of at least 32 characters is required when ID-porten is on (e.g. `openssl rand -base64 48`); keep it out of the database, and never change it (patients would no longer be recognised).");
        }
        return null;
    }

    public static PidHash From(PidKeyOptions options, IHostEnvironment environment) => new(KeyOf(options, environment));

    private static string KeyOf(PidKeyOptions options, IHostEnvironment environment) =>
        environment.IsDevelopment() && options.PidKey.Length == 0 ? DevelopmentKey : options.PidKey;
}

/// <summary>Section "Identity": the key <see cref="PidHash"/> hashes national identity numbers under.</summary>
public sealed class PidKeyOptions
{
    public const string Section = "Identity";

    public string PidKey { get; set; } = "";
}
