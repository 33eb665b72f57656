using ContentPlatform.Cms.Identity;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Pages.Security;

/// <summary>
/// Passkeys for staff: only after the authenticator code (the staff policy requires amr=mfa). Outside Pages/Account on
/// purpose: that folder is open to anonymous users (sign-in), which would override the policy.
/// </summary>
[Authorize(Policy = StaffIdentity.StaffPolicy)]
public sealed class SecurityModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, IStringLocalizer<SharedResource> s,
    IOptions<PlatformPasskeyOptions> options) : SecurityPageModel<StaffUser>(users, signIn, s, options);

[Authorize(Policy = StaffIdentity.StaffPolicy)]
public sealed class RemovePasskeyModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn)
    : RemovePasskeyPageModel<StaffUser>(users, signIn);
