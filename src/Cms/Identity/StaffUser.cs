using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Cms.Identity;

/// <summary>A member of the content team. There are no patients in the Cms.</summary>
public sealed class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
}

public static class StaffRoles
{
    public const string Editor = "editor";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";
    public static readonly string[] All = [Editor, Reviewer, Admin];
}
