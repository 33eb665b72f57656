using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.Account;

/// <summary>Staff must have a second factor; patients may choose one (from My data).</summary>
public sealed class LoginWith2faModel(SignInManager<DeliveryUser> signIn, IStringLocalizer<SharedResource> s)
    : LoginWith2faPageModel<DeliveryUser>(signIn, s);

[Authorize]
public sealed class Enrol2faModel(UserManager<DeliveryUser> users, SignInManager<DeliveryUser> signIn, IStringLocalizer<SharedResource> s)
    : Enrol2faPageModel<DeliveryUser>(users, signIn, s, "ContentPlatform");
