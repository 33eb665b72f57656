namespace ContentPlatform.Delivery.Workload;

/// <summary>What a recorded time entry measured (<see cref="CareTeams.StaffTimeEntry.Source"/>).</summary>
public static class WorkSources
{
    /// <summary>Reading the patient's record, homework, answers or thread, until the next action (or the cap).</summary>
    public const string Reading = "reading";

    /// <summary>From opening the patient's thread or record to sending the reply.</summary>
    public const string Reply = "reply";

    /// <summary>From opening the patient's record to saving a clinical note or homework feedback.</summary>
    public const string Note = "note";

    /// <summary>A therapist's correction of an earlier entry: the difference in minutes, dated as the entry it corrects.</summary>
    public const string Correction = "correction";
}
