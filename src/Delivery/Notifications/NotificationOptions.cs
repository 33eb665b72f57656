using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Notifications;

/// <summary>Section "Notifications": how often due notifications are looked for and how SMS failures are retried.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>False: no sweep and no sending on this instance (tests drive passes themselves).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often every rule is asked for what is due, and due notifications are sent. Messages wait at most this long.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    public int SmsMaxAttempts { get; set; } = 6;

    /// <summary>First SMS retry delay; each later retry waits twice as long (capped at 6 h, up to 20 % jitter).</summary>
    public TimeSpan SmsFirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    internal static SettingProblem? Check(NotificationOptions o, Microsoft.Extensions.Hosting.IHostEnvironment _) => o switch
    {
        { SweepInterval: var i } when i < TimeSpan.FromSeconds(1) || i > TimeSpan.FromHours(1) =>
            new($"{Section}:SweepInterval", $"must be between 00:00:01 and 01:00:00, got {i}."),
        { SmsMaxAttempts: < 1 or > 50 } => new($"{Section}:SmsMaxAttempts", $"must be between 1 and 50, got {o.SmsMaxAttempts}."),
        { SmsFirstRetryDelay: var d } when d <= TimeSpan.Zero => new($"{Section}:SmsFirstRetryDelay", "must be positive, e.g. 00:01:00."),
        _ => null,
    };
}
