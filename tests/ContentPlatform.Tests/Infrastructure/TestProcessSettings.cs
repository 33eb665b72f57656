using System.Runtime.CompilerServices;

namespace ContentPlatform.Tests.Infrastructure;

internal static class TestProcessSettings
{
    /// <summary>
    /// Hundreds of in-process apps each watching appsettings*.json for changes exhaust Linux's inotify instances (128 per
    /// user by default) and a test fails at start-up. Tests never edit configuration files, so no app watches them.
    /// </summary>
    [ModuleInitializer]
    internal static void NoConfigurationWatching()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }
}
