using ContentPlatform.Cms.Identity;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Account;

[Authorize(Policy = StaffIdentity.StaffWithoutSecondFactorPolicy)]
public sealed class Enrol2faModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, IStringLocalizer<SharedResource> s)
    : Enrol2faPageModel<StaffUser>(users, signIn, s, "ContentPlatform Cms");
