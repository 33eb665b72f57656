namespace ContentPlatform.Delivery;

/// <summary>Marks this assembly for WebApplicationFactory; both apps have a top-level Program, so tests use this instead.</summary>
public sealed class DeliveryApp;
