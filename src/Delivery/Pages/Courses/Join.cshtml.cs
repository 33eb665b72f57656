using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using ContentPlatform.Platform.Mail;
using ContentPlatform.Contract.Text;

namespace ContentPlatform.Delivery.Pages.Courses;

/// <summary>
/// /courses/{slug}: about a course, and self sign-up. The signed-in patient joins at once; a new account must accept the
/// privacy notice and confirm its address first (<see cref="SignUpConfirmation"/>): the page then says to check the mail,
/// and offers the link again (Confirm.cshtml's Resend).
/// </summary>
public sealed class JoinModel(ReleaseStore releases, EnrollmentService enrolling, UserManager<DeliveryUser> users,
    SignUpConfirmation confirmation, MailOptions mail, IOptions<PrivacyOptions> privacy,
    IStringLocalizer<SharedResource> s) : PageModel
{

    public ProgramRelease Course { get; private set; } = null!;
    public bool SignedIn => User.Identity?.IsAuthenticated == true;
    public string? Email { get; private set; }
    public string? Name { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public bool AwaitingConfirmation { get; private set; }
        public string PrivacyNoticeUrl => privacy.Value.NoticeUrl;
    public string Language => PageComposer.Language;

    public string T(LocalizedText text) => text.Resolve(Language, Course.Content.FallbackFor(Language));

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct) =>
        await LoadAsync(slug, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug, string? name, string? email, string? password, string? privacyAccepted,
        CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct))
        {
            return NotFound();
        }
        Name = name;
        Email = email;
        DeliveryUser? user;
        if (SignedIn)
        {
            user = await users.GetUserAsync(User);
        }
        else
        {
            var errors = new List<string>();
            if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
            {
                errors.Add(s["EmailRequired"]);
            }
            if (string.IsNullOrEmpty(password) || password.Length < 12)
            {
                errors.Add(s["PasswordTooShort"]);
            }
            if (!string.IsNullOrEmpty(name) && TextInput.IsBlank(name))
            {
                errors.Add(s["NameInvisible"]);
            }
            if (privacyAccepted != "yes")
            {
                errors.Add(s["PrivacyNotAccepted"]);
            }
            if (errors.Count == 0 && await users.FindByEmailAsync(email!.Trim()) is not null)
            {
                errors.Add(s["EmailTaken"]);
            }
            if (errors.Count == 0 && (await releases.ProgramBySlugAsync(slug, ct))!.Withdrawn)
            {
                errors.Add(s["CourseClosed"]); // before an account exists, not after it is confirmed
            }
            if (errors.Count == 0)
            {
                var account = new DeliveryUser
                {
                    UserName = email!.Trim(), Email = email.Trim(), DisplayName = TextInput.Name(name), PreferredCulture = Language,
                };
                if ((await confirmation.SignUpAsync(account, password!, Course.ProgramId, MailTexts(), ct)).Succeeded)
                {
                    AwaitingConfirmation = true;
                    return Page();
                }
                errors.Add(s["PasswordRejected"]);
            }
            Errors = errors;
            Response.StatusCode = 400;
            return Page();
        }
        if (user is null)
        {
            return Challenge();
        }
        var (error, enrollment) = await enrolling.SelfEnrollAsync(Course.ProgramId, user.Id, ct);
        if (error != EnrollError.None || enrollment is null)
        {
            Errors = [s["CourseClosed"]];
            Response.StatusCode = 409;
            return Page();
        }
        return Redirect($"/my/{enrollment.Id}");
    }

    private SignUpConfirmation.MailTexts MailTexts() => SignUpConfirmation.Texts(s, mail, Request);

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        var program = await releases.ProgramBySlugAsync(slug, ct);
        if (program is not { Kind: ProgramKind.Course } || await releases.GetAsync(program.ProgramId, program.LatestRelease, ct) is not { } release)
        {
            return false;
        }
        Course = release;
        if (program.Withdrawn)
        {
            Errors = [s["CourseClosed"]];
        }
        return true;
    }
}
