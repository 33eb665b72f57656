using ContentPlatform.Cms.Identity;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Account;

public sealed class LoginWith2faModel(SignInManager<StaffUser> signIn, IStringLocalizer<SharedResource> s)
    : LoginWith2faPageModel<StaffUser>(signIn, s);
