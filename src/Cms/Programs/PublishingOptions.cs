namespace ContentPlatform.Cms.Programs;

/// <summary>
/// Section "Publishing". Four eyes by default: whoever changed a version (a revision author since the last release, or
/// the submitter) cannot also approve it. <see cref="AllowSelfApproval"/> lifts that for a team too small to have a
/// second reviewer; the release still names the author(s) and the approver, so a self-approval is visible afterwards.
/// </summary>
public sealed class PublishingOptions
{
    public const string Section = "Publishing";

    /// <summary>A value that is not true or false stops the start: the binder names the setting.</summary>
    public bool AllowSelfApproval { get; set; }

    /// <summary>
    /// Lets a questionnaire be published whose alert rule fires on an answer option without a safety message. Off by default:
    /// a patient who reports self-harm thoughts must be shown what to do now.
    /// </summary>
    public bool AllowAlertsWithoutSafetyMessage { get; set; }
}
