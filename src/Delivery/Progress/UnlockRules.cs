using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Delivery.Progress;

public enum ModuleState
{
    Locked,
    Open,
    Completed,
}

/// <summary>Why a module is locked, so the page can say so in plain words.</summary>
public enum LockReason
{
    None,

    /// <summary>Sequential: waits for the previous module (<see cref="ModuleStatus.WaitsFor"/>).</summary>
    PreviousNotCompleted,

    /// <summary>Therapist-gated: the therapist opens it.</summary>
    TherapistOpens,

    /// <summary>Time-based: opens at <see cref="ModuleStatus.OpensAt"/>.</summary>
    OpensLater,
}

public sealed record ModuleStatus(ModuleContent Module, int Index, ModuleState State, LockReason Reason = LockReason.None,
    DateTimeOffset? OpensAt = null, ModuleContent? WaitsFor = null)
{
    public bool IsAvailable => State != ModuleState.Locked;
}

/// <summary>
/// The program's unlock rule applied to one patient. Pure, so every rule is a unit test: sequential (the next module opens
/// when the previous is completed), therapist (the first is open, later ones when staff open them), time (module i opens
/// i×N days after the patient started), free (everything open). A completed module always stays available.
/// </summary>
public static class UnlockRules
{
    /// <summary>The rule over one patient's plan: hidden modules are skipped, so "the previous module" is the previous one they have.</summary>
    public static IReadOnlyList<ModuleStatus> Evaluate(PatientPlan plan, DateTimeOffset startedAt,
        IReadOnlySet<string> completed, IReadOnlySet<string> openedByStaff, DateTimeOffset now) =>
        Evaluate(plan.AsProgram(), startedAt, completed, openedByStaff, now);

    public static IReadOnlyList<ModuleStatus> Evaluate(ProgramContent program, DateTimeOffset startedAt,
        IReadOnlySet<string> completed, IReadOnlySet<string> openedByStaff, DateTimeOffset now)
    {
        var result = new List<ModuleStatus>(program.Modules.Count);
        for (var i = 0; i < program.Modules.Count; i++)
        {
            var module = program.Modules[i];
            if (completed.Contains(module.Id))
            {
                result.Add(new(module, i, ModuleState.Completed));
                continue;
            }
            result.Add(program.Unlock.Mode switch
            {
                UnlockMode.Free => new(module, i, ModuleState.Open),
                _ when i == 0 => new(module, i, ModuleState.Open),
                UnlockMode.Therapist => openedByStaff.Contains(module.Id)
                    ? new(module, i, ModuleState.Open)
                    : new(module, i, ModuleState.Locked, LockReason.TherapistOpens),
                UnlockMode.Time => OpensAt(program, startedAt, i) is var at && at <= now
                    ? new(module, i, ModuleState.Open)
                    : new(module, i, ModuleState.Locked, LockReason.OpensLater, OpensAt: at),
                _ => completed.Contains(program.Modules[i - 1].Id) || openedByStaff.Contains(module.Id)
                    ? new(module, i, ModuleState.Open)
                    : new(module, i, ModuleState.Locked, LockReason.PreviousNotCompleted, WaitsFor: program.Modules[i - 1]),
            });
        }
        return result;
    }

    public static DateTimeOffset OpensAt(ProgramContent program, DateTimeOffset startedAt, int index) =>
        startedAt.AddDays((double)index * Math.Max(0, program.Unlock.Days ?? 7));
}
