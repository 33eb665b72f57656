namespace ContentPlatform.Shared.Hosting;

/// <summary>
/// Section "Demo:Accounts" (only in appsettings.Development.json): accounts for trying the platform locally.
/// They are created by the apps' `demo-accounts` command and only in the Development environment.
/// </summary>
public sealed class DemoAccount
{
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string[] Roles { get; set; } = [];
}
