namespace ContentPlatform.Delivery.Pages.Shared;

/// <summary>What the ID-porten button on the invitation and course pages starts: one of the two.</summary>
public sealed record IdPortenSignIn(string? Invitation, string? Course);
