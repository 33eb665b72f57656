namespace ContentPlatform.Cms;

/// <summary>Marks this assembly for WebApplicationFactory; both apps have a top-level Program, so tests use this instead.</summary>
public sealed class CmsApp;
