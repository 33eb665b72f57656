namespace ContentPlatform.Platform.ExternalLogin;

/// <summary>
/// Section "Authentication:PasswordSignIn": a trust that signs everyone in nationally can turn passwords off for the app
/// (<see cref="Enabled"/>) or only for some roles (<see cref="DisabledForRoles"/>, e.g. staff must use HelseID).
/// </summary>
public sealed class PasswordSignInOptions
{
    public const string Section = "Authentication:PasswordSignIn";

    public bool Enabled { get; set; } = true;
    public string[] DisabledForRoles { get; set; } = [];

    public bool AllowedFor(IEnumerable<string> roles) => Enabled && !roles.Any(r => DisabledForRoles.Contains(r, StringComparer.Ordinal));
}
