using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Workload;

/// <summary>Section "Workload": how long one measured work session may count at most.</summary>
public sealed class WorkloadOptions
{
    public const string Section = "Workload";

    /// <summary>
    /// The most one session counts, however long it stayed open: a tab left open over lunch is not an hour of work.
    /// 20 minutes covers reading a module's homework and writing a considered reply.
    /// </summary>
    public TimeSpan SessionCap { get; set; } = TimeSpan.FromMinutes(20);

    public static SettingProblem? Check(WorkloadOptions options, IHostEnvironment environment) =>
        options.SessionCap < TimeSpan.FromMinutes(1) || options.SessionCap > TimeSpan.FromHours(2)
            ? new("Workload:SessionCap", $"{options.SessionCap} is outside 00:01:00–02:00:00; 00:20:00 is the usual cap.")
            : null;
}
