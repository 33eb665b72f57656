namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// One number on the indicator page. <see cref="N"/> is how many patients it rests on; a suppressed cell has no value
/// at all (it is never sent, rendered or stored), so nothing downstream can leak it.
/// </summary>
public sealed record Cell(double? Value, int N, bool Suppressed)
{
    public static Cell Count(int value) => new(value, value, false);

    public static Cell Statistic(double? value, int n) => new(value, n, false);

    public static readonly Cell Hidden = new(null, 0, true);
}
