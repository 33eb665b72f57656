using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Delivery.Progress;

/// <summary>
/// The modules one patient has: every required module of the release, and the optional ones their therapist added
/// (optional modules are hidden until added, the usual practice in guided iCBT — docs/content-format.md). Everything a
/// patient sees of a program — module list, unlock order, progress, "what happens next", reminders — follows the plan.
/// </summary>
public sealed record PatientPlan(ProgramContent Program, IReadOnlySet<string> Added)
{
    public IReadOnlyList<ModuleContent> Modules { get; } = Program.Modules.Where(m => !m.Optional || Added.Contains(m.Id)).ToList();

    /// <summary>Optional modules not in this plan: what the therapist can add.</summary>
    public IEnumerable<ModuleContent> Hidden => Program.Modules.Where(m => m.Optional && !Added.Contains(m.Id));

    public bool Has(string moduleId) => Modules.Any(m => m.Id == moduleId);

    /// <summary>The program as this patient has it, for rules that walk "the modules in order" (<see cref="UnlockRules"/>).</summary>
    public ProgramContent AsProgram() => Program with { Modules = Modules };

    /// <summary>
    /// Percent of the plan's pages read. A completed module counts as read through (completing it was the patient's own
    /// "I am done here"); pages of modules outside the plan count for nothing, so hiding a module moves the percentage.
    /// </summary>
    public int PercentRead(IReadOnlySet<string> pagesRead, IReadOnlySet<string> completedModules)
    {
        var pages = Modules.Sum(m => m.Pages.Count);
        var read = Modules.Sum(m => completedModules.Contains(m.Id) ? m.Pages.Count : m.Pages.Count(p => pagesRead.Contains(p.Id)));
        return pages == 0 ? 0 : (int)Math.Floor(100.0 * read / pages);
    }

    /// <summary>The optional modules added, from the change log: the latest change per module decides.</summary>
    public static IReadOnlySet<string> AddedFrom(IEnumerable<PlanChange> changes) =>
        changes.OrderBy(c => c.Id).GroupBy(c => c.ModuleId).Where(g => g.Last().Included).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
}
