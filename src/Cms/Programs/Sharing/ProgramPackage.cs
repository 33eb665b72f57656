using System.Text.Json;
using ContentPlatform.Shared.Contract;

namespace ContentPlatform.Cms.Programs.Sharing;

/// <summary>
/// A program shared with another trust: the draft document with its questionnaires, in the contract's JSON. Media
/// travel separately through the media library (its keys are in the document).
/// </summary>
public sealed record ProgramPackage
{
    public const string FormatName = "contentplatform.program-package";

    public string Format { get; init; } = FormatName;
    public int FormatVersion { get; init; } = 1;
    public DateTimeOffset ExportedAt { get; init; }
    public string ExportedBy { get; init; } = "";
    public required ProgramContent Program { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ContractJson.Indented);

    /// <summary>The package, or an error code for the UI: "not-json", "wrong-format", "wrong-version".</summary>
    public static (ProgramPackage? Package, string? Error, string? Detail) Parse(string json)
    {
        ProgramPackage? package;
        try
        {
            package = JsonSerializer.Deserialize<ProgramPackage>(json, ContractJson.Options);
        }
        catch (JsonException e)
        {
            return (null, "not-json", e.Path is { Length: > 0 } path ? $"{path} ({e.LineNumber + 1})" : $"{e.LineNumber + 1}");
        }
        if (package is null || package.Format != FormatName)
        {
            return (null, "wrong-format", null);
        }
        return package.FormatVersion != 1 ? (null, "wrong-version", package.FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)) : (package, null, null);
    }
}
