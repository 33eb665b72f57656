namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// A configuration problem found at start-up. The message names the setting and how to fix it;
/// the apps print it and exit instead of failing later, deep in a request.
/// </summary>
public sealed class StartupConfigurationException(string setting, string problem)
    : Exception($"Configuration error in '{setting}': {problem}")
{
    public string Setting { get; } = setting;
}
