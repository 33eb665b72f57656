using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.AccessLogs;

/// <summary>
/// Section "AccessLog": the key the access-log hash chain is keyed with and where its heads are anchored. The key is a
/// setting (an environment variable or a secret store), never a database value: someone who can write the database must
/// not be able to recompute the chain.
/// </summary>
public sealed class AccessLogOptions
{
    public const string Section = "AccessLog";

    /// <summary>Development only, so the demo runs without setup. Refused in every other environment.</summary>
    public const string DevelopmentKey = "development-only-access-log-chain-key-not-for-production";

    /// <summary>HMAC-SHA256 key of the chain and of the anchor lines; at least 32 characters.</summary>
    public string ChainKey { get; set; } = "";

    /// <summary>Append-only file of signed chain heads; default <c>access-log-anchors.log</c> in Storage:DataPath.</summary>
    public string AnchorFile { get; set; } = "";

    /// <summary>How often the heads written since the last anchor are appended to <see cref="AnchorFile"/>.</summary>
    public TimeSpan AnchorInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Development only: a known key, so the demo runs without setup; everywhere: the anchor file in Storage:DataPath.</summary>
    public static void Defaults(AccessLogOptions options, IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment() && string.IsNullOrEmpty(options.ChainKey))
        {
            options.ChainKey = DevelopmentKey;
        }
        if (string.IsNullOrEmpty(options.AnchorFile))
        {
            options.AnchorFile = Path.Combine(DatabaseSetup.ResolveDataPath(configuration, environment), "access-log-anchors.log");
        }
    }

    /// <summary>The first broken setting, checked at start-up (<see cref="StartupOptions"/>) after the defaults.</summary>
    public static SettingProblem? Check(AccessLogOptions options, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment() && options.ChainKey == DevelopmentKey)
        {
            return new("AccessLog:ChainKey", "the development key is not allowed outside Development.");
        }
        if (options.ChainKey.Length < 32)
        {
            return new("AccessLog:ChainKey",
                "a key of at least 32 characters is required (e.g. `openssl rand -base64 48`); keep it out of the database.");
        }
        if (options.AnchorInterval < TimeSpan.FromSeconds(1) || options.AnchorInterval > TimeSpan.FromHours(1))
        {
            return new("AccessLog:AnchorInterval", $"{options.AnchorInterval} is outside 00:00:01–01:00:00.");
        }
        if (Path.GetDirectoryName(Path.GetFullPath(options.AnchorFile)) is not { } folder || !Directory.Exists(folder))
        {
            return new("AccessLog:AnchorFile", $"the folder of '{options.AnchorFile}' does not exist.");
        }
        return null;
    }
}
