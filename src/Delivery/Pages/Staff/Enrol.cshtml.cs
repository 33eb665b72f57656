using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using ContentPlatform.Contract.Text;

namespace ContentPlatform.Delivery.Pages.Staff;

/// <summary>Staff enrol a patient in a guided program and get a one-time invitation link to give them.</summary>
public sealed class EnrolModel(ReleaseStore releases, EnrollmentService enrolling, IStringLocalizer<SharedResource> s) : PageModel
{
    public IReadOnlyList<(ProgramEntry Program, string Title)> Programs { get; private set; } = [];
    public string? InvitationUrl { get; private set; }
    public string? Code { get; private set; }
    public Guid? EnrollmentId { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? programId, string? name, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (string.IsNullOrWhiteSpace(programId) || TextInput.IsBlank(name))
        {
            Error = s["EnrolFieldsRequired"];
            Response.StatusCode = 400;
            return Page();
        }
        var (error, enrollment, code) = await enrolling.InviteAsync(programId, name, PatientEnrollments.UserId(User)!, ct);
        if (error != EnrollError.None)
        {
            Error = error == EnrollError.Withdrawn ? s["ProgramWithdrawn"] : s["BlockGone"];
            Response.StatusCode = 409;
            return Page();
        }
        Code = code;
        EnrollmentId = enrollment!.Id;
        InvitationUrl = $"{Request.Scheme}://{Request.Host}/invitation/{code}";
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var list = new List<(ProgramEntry, string)>();
        foreach (var p in (await releases.ProgramsAsync(ct)).Where(p => !p.Withdrawn))
        {
            if (await releases.GetAsync(p.ProgramId, p.LatestRelease, ct) is { } r)
            {
                list.Add((p, r.Content.Title.Resolve(PageComposer.Language, r.Content.FallbackFor(PageComposer.Language))));
            }
        }
        Programs = list;
    }
}
