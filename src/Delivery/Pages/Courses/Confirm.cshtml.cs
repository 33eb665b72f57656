using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.Accounts;
using ContentPlatform.Platform.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.Courses;

/// <summary>
/// /courses/confirm?u=…&amp;t=…: the link in the sign-up mail. Opening it shows a button; only the POST confirms, so a mail
/// scanner that fetches links neither spends it nor gets the session. A used or expired link says so and offers a new one.
/// </summary>
public sealed class ConfirmModel(SignUpConfirmation confirmation, ForgotPasswordLimiter limiter, MailOptions mail,
    IStringLocalizer<SharedResource> s) : PageModel
{
    /// <summary>Resends share the forgot-password limits, counted apart per address (per IP they add up).</summary>
    private const string ResendPrefix = "signup-confirm:";

    public string? UserId { get; private set; }
    public string? Token { get; private set; }
    public string? Problem { get; private set; }
    public bool AlreadyConfirmed { get; private set; }
    public bool Resent { get; private set; }

    public void OnGet(string? u, string? t) => (UserId, Token) = (u, t);

    public async Task<IActionResult> OnPostAsync(string? u, string? t, CancellationToken ct)
    {
        (UserId, Token) = (u, t);
        var outcome = await confirmation.ConfirmAsync(u, t, ct);
        switch (outcome.Result)
        {
            case ConfirmResult.Confirmed:
                return Redirect(outcome.EnrollmentId is { } id ? $"/my/{id}" : "/");
            case ConfirmResult.AlreadyConfirmed:
                AlreadyConfirmed = true;
                Problem = s["ConfirmAlreadyDone"];
                return Page();
            default:
                Problem = s["ConfirmLinkInvalid"];
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }

    /// <summary>"Send the link again" (from here or the sign-up page): the same answer whether or not the address is waiting.</summary>
    public async Task<IActionResult> OnPostResendAsync(string? email, CancellationToken ct)
    {
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || !System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            Problem = s["EmailRequired"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (!limiter.TryAcquire(ResendPrefix + email, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown"))
        {
            Problem = s["SignUpResendTooMany"];
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        await confirmation.ResendAsync(email, SignUpConfirmation.Texts(s, mail, Request), ct);
        Resent = true;
        return Page();
    }
}
