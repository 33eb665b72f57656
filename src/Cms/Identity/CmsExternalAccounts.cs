using ContentPlatform.Platform.ExternalLogin;
using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Cms.Identity;

/// <summary>
/// Who a HelseID sign-in is in the Cms: the content-team member whose account was bound to that HelseID subject
/// beforehand (demo accounts or the security page). Roles are the local account's; nobody is created here.
/// </summary>
public sealed class CmsExternalAccounts(UserManager<StaffUser> users, SignInManager<StaffUser> signIn)
    : ExternalAccounts<StaffUser>(users, signIn)
{
    public override async Task<ExternalOutcome> CompleteAsync(ExternalIdentity identity, ExternalPurpose purpose, CancellationToken ct)
    {
        var staff = identity.Scheme == ExternalProvider.HelseId.Scheme ? await Users.FindByLoginAsync(identity.Scheme, identity.Subject) : null;
        if (staff is null || !(await Users.GetRolesAsync(staff)).Any(StaffRoles.All.Contains))
        {
            return ExternalOutcome.Refuse(ExternalRefusal.UnknownStaff);
        }
        return await SignInAsync(staff, identity, identity.Subject, purpose.ReturnUrl ?? "/");
    }

    protected override async Task<bool> IsStaffAsync(StaffUser user) => (await Users.GetRolesAsync(user)).Any(StaffRoles.All.Contains);
}
