using ContentPlatform.Platform.Hosting;
using ContentPlatform.Platform.Mail;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Platform.Accounts;

/// <summary>"Glemt passord?": the same answer whether or not the address has an account (Pages/Account/Forgot.cshtml).</summary>
public sealed class ForgotModel(ForgotPasswordRequests queue, ForgotPasswordLimiter limiter, MailOptions mail, AppTexts app,
    IStringLocalizer<SharedResource> s) : PageModel
{
    public string? Email { get; private set; }
    public string? Error { get; private set; }
    public bool Sent { get; private set; }

    /// <summary>?expired=1 when a used or expired link sent the user here for a new one.</summary>
    public bool Expired { get; private set; }

    public void OnGet(bool expired = false) => Expired = expired;

    public IActionResult OnPost(string? email)
    {
        Email = email?.Trim();
        if (string.IsNullOrEmpty(Email) || !System.Net.Mail.MailAddress.TryCreate(Email, out _))
        {
            Error = s["EmailRequired"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (!limiter.TryAcquire(Email, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown"))
        {
            Error = s["ForgotTooMany"];
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var culture = System.Globalization.CultureInfo.CurrentUICulture.Name is "nn" or "nn-NO" ? "nn" : "nb";
        var baseUrl = mail.PublicBaseUrl.Length > 0 ? mail.PublicBaseUrl : $"{Request.Scheme}://{Request.Host}";
        var service = app["AppName"].Value;
        queue.TryEnqueue(new ForgotPasswordRequest(Email, culture, baseUrl, s["ResetMailSubject", service],
            s["ResetMailBody", service, ForgotPasswordRequest.LinkMarker]));
        Sent = true;
        return Page();
    }
}
