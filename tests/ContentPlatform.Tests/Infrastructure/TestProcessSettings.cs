using System.Runtime.CompilerServices;

namespace ContentPlatform.Tests.Infrastructure;

internal static class TestProcessSettings
{
    /// <summary>
    /// Hundreds of in-process apps each watching appsettings*.json for changes exhaust Linux's inotify instances (128 per
    /// user by default) and a test fails at start-up. Tests never edit configuration files, so no app watches them.
    /// The same limit is reached by `asp-append-version`, whose file-version provider watches wwwroot: file providers
    /// poll instead (a timer, no inotify instance), which is all a test run needs.
    /// </summary>
    [ModuleInitializer]
    internal static void NoConfigurationWatching()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
}
