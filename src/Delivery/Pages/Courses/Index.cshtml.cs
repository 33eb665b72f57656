using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Delivery.Pages.Courses;

/// <summary>The catalogue of self-paced courses anyone may sign up for (withdrawn ones are not offered).</summary>
public sealed class IndexModel(ReleaseStore releases) : PageModel
{
    public IReadOnlyList<ProgramRelease> Courses { get; private set; } = [];
    public string Language => PageComposer.Language;

    public string T(ProgramRelease r, LocalizedText text) => text.Resolve(Language, r.Content.FallbackFor(Language));

    public async Task OnGetAsync(CancellationToken ct)
    {
        var list = new List<ProgramRelease>();
        foreach (var p in (await releases.ProgramsAsync(ct)).Where(p => p is { Kind: ProgramKind.Course, Withdrawn: false }))
        {
            if (await releases.GetAsync(p.ProgramId, p.LatestRelease, ct) is { } r)
            {
                list.Add(r);
            }
        }
        Courses = list;
    }
}
