using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Delivery.Workload;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Delivery.Pages.Staff;

/// <summary>
/// The caseload: every patient of the therapist's care teams, most urgent first, with the light's reasons, unread messages
/// and the response-time clock. Filters are a plain GET form, so a filtered view is a link a colleague can open.
/// </summary>
public sealed class IndexModel(Caseload caseload, TimeProvider clock, WorkClock work) : PageModel
{
    public IReadOnlyList<CaseloadRow> All { get; private set; } = [];
    public IReadOnlyList<CaseloadRow> Rows { get; private set; } = [];
    public CaseloadFilter Filter { get; private set; } = new();
    public DateTimeOffset Now { get; private set; }
    public string Language => PageComposer.Language;

    public int Count(Light light) => All.Count(r => r.Light == light);

    /// <summary>The response-time clock: how long the longest-waiting patient message has waited.</summary>
    public TimeSpan? LongestWait => All.Where(r => r.OldestUnanswered is not null).Select(r => Now - r.OldestUnanswered!.Value)
        .DefaultIfEmpty().Max() is { Ticks: > 0 } wait ? wait : null;

    public IEnumerable<(string Id, string Title)> Programs =>
        All.GroupBy(r => r.ProgramId).Select(g => (g.Key, g.First().ProgramTitle.Resolve(Language))).OrderBy(p => p.Item2);

    public string T(LocalizedText? text) => text?.Resolve(Language, [Language == "nn" ? "nb" : "nn"]) ?? "";

    public async Task OnGetAsync(Light? light, string? program, bool waiting, string? q, CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        await work.LeaveAsync(PatientEnrollments.UserId(User)!, ct); // back at the caseload: the patient being read is left
        All = await caseload.ForAsync(PatientEnrollments.UserId(User)!, ct);
        Filter = new CaseloadFilter(light, program, waiting, q);
        Rows = Caseload.Apply(All, Filter, Language);
    }
}
