using System.Text.Json;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>How a frozen report is stored: the same shape the JSON API serves, so old baselines stay readable.</summary>
public static class BaselineJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
