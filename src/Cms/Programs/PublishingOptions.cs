using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Cms.Programs;

/// <summary>
/// Section "Publishing". Four eyes by default: whoever changed a version (a revision author since the last release, or
/// the submitter) cannot also approve it. <see cref="AllowSelfApproval"/> lifts that for a team too small to have a
/// second reviewer; the release still names the author(s) and the approver, so a self-approval is visible afterwards.
/// </summary>
public sealed class PublishingOptions
{
    public const string Section = "Publishing";

    public bool AllowSelfApproval { get; init; }

    /// <summary>Checks the settings the way the app starts: one message naming the broken setting.</summary>
    public static PublishingOptions Read(IConfiguration configuration)
    {
        var value = configuration[$"{Section}:{nameof(AllowSelfApproval)}"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new();
        }
        return bool.TryParse(value.Trim(), out var allow)
            ? new() { AllowSelfApproval = allow }
            : throw new StartupConfigurationException($"{Section}:{nameof(AllowSelfApproval)}",
                $"'{value}' is not true or false (default false: the author of a change cannot approve it).");
    }
}
