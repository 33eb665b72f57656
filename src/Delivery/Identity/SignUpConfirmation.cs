using System.Security.Claims;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Platform.Accounts;
using ContentPlatform.Platform.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Identity;

/// <summary>
/// A course self-sign-up with a password is not an account until its address is confirmed: the account carries a
/// "pending sign-up" claim (the course it asked for) and cannot sign in (<see cref="PendingSignUpConfirmation"/>); the mail
/// holds a one-time link (Identity's e-mail confirmation token, one day) and nothing else — not even the course, whose title
/// can reveal a condition. Confirming removes the claim, enrols in the course and signs in. An ID-porten sign-up needs
/// no link (docs/security.md, "Course sign-up").
/// </summary>
public sealed class SignUpConfirmation(UserManager<DeliveryUser> users, SignInManager<DeliveryUser> signIn, DeliveryDbContext db,
    EnrollmentService enrolling, ILogger<SignUpConfirmation> logger)
{
    /// <summary>The claim an unconfirmed sign-up carries; its value is the course's program id.</summary>
    public const string PendingClaim = "contentplatform:signup-pending";

    public const string Path = "/courses/confirm";

    /// <summary>Creates the pending account and queues its mail in one transaction: no account without its mail.</summary>
    public async Task<IdentityResult> SignUpAsync(DeliveryUser user, string password, string programId, MailTexts texts, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return created;
        }
        await users.AddToRoleAsync(user, DeliveryRoles.Patient);
        await users.AddClaimAsync(user, new Claim(PendingClaim, programId));
        await QueueMailAsync(user, texts, ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Course sign-up awaiting confirmation for user {UserId}", user.Id);
        return created;
    }

    /// <summary>A fresh link, if <paramref name="email"/> belongs to an account still waiting; otherwise nothing (the page says the same).</summary>
    public async Task ResendAsync(string email, MailTexts texts, CancellationToken ct)
    {
        if (await users.FindByEmailAsync(email) is { } user && await PendingCourseAsync(user) is not null)
        {
            await QueueMailAsync(user, texts, ct);
        }
    }

    public async Task<ConfirmOutcome> ConfirmAsync(string? userId, string? encodedToken, CancellationToken ct)
    {
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (user is null)
        {
            return new(ConfirmResult.InvalidLink, null);
        }
        if (await PendingCourseAsync(user) is not { } programId)
        {
            return new(ConfirmResult.AlreadyConfirmed, null);
        }
        var token = PasswordSelfService.Decode(encodedToken);
        if (token is null || !(await users.ConfirmEmailAsync(user, token)).Succeeded)
        {
            return new(ConfirmResult.InvalidLink, null);
        }
        await users.RemoveClaimAsync(user, new Claim(PendingClaim, programId));
        var (_, enrollment) = await enrolling.SelfEnrollAsync(programId, user.Id, ct);
        await signIn.SignInAsync(user, isPersistent: false);
        logger.LogInformation("Course sign-up confirmed for user {UserId}", user.Id);
        return new(ConfirmResult.Confirmed, enrollment?.Id);
    }

    internal async Task<string?> PendingCourseAsync(DeliveryUser user) =>
        (await users.GetClaimsAsync(user)).FirstOrDefault(c => c.Type == PendingClaim)?.Value;

    private async Task QueueMailAsync(DeliveryUser user, MailTexts texts, CancellationToken ct)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = $"{texts.BaseUrl.TrimEnd('/')}{Path}?u={Uri.EscapeDataString(user.Id)}&t={PasswordSelfService.Encode(token)}";
        db.QueueMail(new MailDraft(user.Email!, texts.Culture, texts.Subject,
            texts.BodyTemplate.Replace(ForgotPasswordRequest.LinkMarker, link, StringComparison.Ordinal)));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The mail names the service and holds the link: no course, whose title could say what the patient lives with.</summary>
    public static MailTexts Texts(IStringLocalizer s, MailOptions mail, HttpRequest request)
    {
        var service = s["AppName"].Value;
        var baseUrl = mail.PublicBaseUrl.Length > 0 ? mail.PublicBaseUrl : $"{request.Scheme}://{request.Host}";
        var language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nn" ? "nn" : "nb";
        return new(language, baseUrl, s["ConfirmMailSubject", service], s["ConfirmMailBody", service, ForgotPasswordRequest.LinkMarker]);
    }

    /// <summary>The mail in the asker's language; the body holds <see cref="ForgotPasswordRequest.LinkMarker"/> where the link goes.</summary>
    public sealed record MailTexts(string Culture, string BaseUrl, string Subject, string BodyTemplate);
}

public enum ConfirmResult
{
    Confirmed,
    AlreadyConfirmed,
    InvalidLink,
}

public sealed record ConfirmOutcome(ConfirmResult Result, Guid? EnrollmentId);

/// <summary>
/// Identity's "is this account confirmed" for Delivery: every account is, except a course sign-up still waiting for its
/// link. (Identity's default asks for a confirmed e-mail, which invited, demo and ID-porten accounts never had.)
/// </summary>
internal sealed class PendingSignUpConfirmation : IUserConfirmation<DeliveryUser>
{
    public async Task<bool> IsConfirmedAsync(UserManager<DeliveryUser> manager, DeliveryUser user) =>
        !(await manager.GetClaimsAsync(user)).Any(c => c.Type == SignUpConfirmation.PendingClaim);
}
