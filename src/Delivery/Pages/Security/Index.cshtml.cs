using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Pages.Security;

/// <summary>
/// Passkeys for patients (optional, beside the password and an optional authenticator) and for staff (only after their
/// mandatory authenticator code: the policy sends staff without amr=mfa to enrol).
/// </summary>
[Authorize(Policy = DeliveryIdentity.FullySignedIn)]
public sealed class SecurityModel(UserManager<DeliveryUser> users, SignInManager<DeliveryUser> signIn, IStringLocalizer<SharedResource> s,
    IOptions<PlatformPasskeyOptions> options) : SecurityPageModel<DeliveryUser>(users, signIn, s, options);

[Authorize(Policy = DeliveryIdentity.FullySignedIn)]
public sealed class RemovePasskeyModel(UserManager<DeliveryUser> users, SignInManager<DeliveryUser> signIn)
    : RemovePasskeyPageModel<DeliveryUser>(users, signIn);
