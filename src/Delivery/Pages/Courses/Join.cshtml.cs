using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using ContentPlatform.Contract.Text;

namespace ContentPlatform.Delivery.Pages.Courses;

/// <summary>/courses/{slug}: about a course, and self sign-up (a new patient account, or the signed-in one).</summary>
public sealed class JoinModel(ReleaseStore releases, EnrollmentService enrolling, UserManager<DeliveryUser> users,
    SignInManager<DeliveryUser> signIn, IStringLocalizer<SharedResource> s) : PageModel
{
    public ProgramRelease Course { get; private set; } = null!;
    public bool SignedIn => User.Identity?.IsAuthenticated == true;
    public string? Email { get; private set; }
    public string? Name { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string Language => PageComposer.Language;

    public string T(LocalizedText text) => text.Resolve(Language, Course.Content.FallbackFor(Language));

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct) =>
        await LoadAsync(slug, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug, string? name, string? email, string? password, CancellationToken ct)
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
            if (errors.Count == 0 && await users.FindByEmailAsync(email!.Trim()) is not null)
            {
                errors.Add(s["EmailTaken"]);
            }
            if (errors.Count == 0)
            {
                user = new DeliveryUser
                {
                    UserName = email!.Trim(), Email = email.Trim(), DisplayName = TextInput.Name(name), PreferredCulture = Language,
                };
                if ((await users.CreateAsync(user, password!)).Succeeded)
                {
                    await users.AddToRoleAsync(user, DeliveryRoles.Patient);
                    await signIn.SignInAsync(user, isPersistent: false);
                }
                else
                {
                    errors.Add(s["PasswordRejected"]);
                }
            }
            if (errors.Count > 0)
            {
                Errors = errors;
                Response.StatusCode = 400;
                return Page();
            }
            user = await users.FindByEmailAsync(email!.Trim());
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
