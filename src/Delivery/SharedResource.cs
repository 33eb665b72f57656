namespace ContentPlatform.Delivery;

/// <summary>Anchor type for the UI strings in Resources/SharedResource.{nb,nn}.resx.</summary>
public sealed class SharedResource;
