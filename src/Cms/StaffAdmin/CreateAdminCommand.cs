using ContentPlatform.Cms.Identity;
using ContentPlatform.Platform.StaffAdmin;

namespace ContentPlatform.Cms.StaffAdmin;

/// <summary>`cms create-admin --email …`: the first Cms administrator (Platform's <see cref="CreateAdminCommand"/>).</summary>
public static class CmsCreateAdmin
{
    public static Task<int> RunAsync(WebApplication app, string[] args) =>
        CreateAdminCommand.RunAsync(app, args, StaffRoles.Admin,
            email => new StaffUser { UserName = email, Email = email, DisplayName = email.Split('@')[0] });
}
