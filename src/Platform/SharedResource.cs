namespace ContentPlatform.Platform;

/// <summary>
/// Marker for the strings of the shared pages (sign-in, second factor, passkeys, error, language switch):
/// Resources/SharedResource.{nb,nn}.resx, one copy for both apps.
/// </summary>
public sealed class SharedResource;
