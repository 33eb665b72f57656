namespace ContentPlatform.Platform.Sessions;

/// <summary>
/// "Firefox on Windows" from a User-Agent: the browser family and the operating-system family only, enough for a person
/// to recognise their own devices. No versions (they change with every update, so the same phone would look new).
/// </summary>
public static class DeviceName
{
    /// <summary>The browser family, or null when not recognised. Order matters: Edge and Opera also say "Chrome".</summary>
    public static string? Browser(string userAgent) =>
        userAgent.Contains("Edg/", StringComparison.Ordinal) ? "Edge"
        : userAgent.Contains("OPR/", StringComparison.Ordinal) ? "Opera"
        : userAgent.Contains("SamsungBrowser/", StringComparison.Ordinal) ? "Samsung Internet"
        : userAgent.Contains("Firefox/", StringComparison.Ordinal) || userAgent.Contains("FxiOS/", StringComparison.Ordinal) ? "Firefox"
        : userAgent.Contains("Chrome/", StringComparison.Ordinal) || userAgent.Contains("CriOS/", StringComparison.Ordinal) ? "Chrome"
        : userAgent.Contains("Safari/", StringComparison.Ordinal) ? "Safari"
        : null;

    /// <summary>The operating-system family, or null. iPad and Android say "like Mac OS X" or "Linux" too, so they go first.</summary>
    public static string? System(string userAgent) =>
        userAgent.Contains("iPhone", StringComparison.Ordinal) ? "iOS"
        : userAgent.Contains("iPad", StringComparison.Ordinal) ? "iPadOS"
        : userAgent.Contains("Android", StringComparison.Ordinal) ? "Android"
        : userAgent.Contains("Windows", StringComparison.Ordinal) ? "Windows"
        : userAgent.Contains("CrOS", StringComparison.Ordinal) ? "ChromeOS"
        : userAgent.Contains("Mac OS X", StringComparison.Ordinal) ? "macOS"
        : userAgent.Contains("Linux", StringComparison.Ordinal) ? "Linux"
        : null;
}
