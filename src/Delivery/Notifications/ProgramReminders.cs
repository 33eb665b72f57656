using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Content;

namespace ContentPlatform.Delivery.Notifications;

/// <summary>Each program's reminder defaults from its latest release (releases are cached in memory by the store).</summary>
public sealed class ProgramReminders(ReleaseStore releases)
{
    public static readonly ReminderSettings Defaults = new();

    public async Task<IReadOnlyDictionary<string, ReminderSettings>> AllAsync(CancellationToken ct)
    {
        var map = new Dictionary<string, ReminderSettings>(StringComparer.Ordinal);
        foreach (var program in await releases.ProgramsAsync(ct))
        {
            map[program.ProgramId] = await ForAsync(program.ProgramId, ct);
        }
        return map;
    }

    public async Task<ReminderSettings> ForAsync(string programId, CancellationToken ct) =>
        (await releases.LatestAsync(programId, ct))?.Content.Reminders ?? Defaults;
}
