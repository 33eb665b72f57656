using System.Security.Cryptography;
using System.Text.Json;

namespace ContentPlatform.Contract.Releases;

/// <summary>
/// Who gave clinical sign-off for a release, and when, and who made the changes it covers (every revision author since
/// the previous release and the submitter): four eyes means the approver is not among <see cref="Authors"/>, unless the
/// Cms was set to allow self-approval for a very small team.
/// </summary>
public sealed record ReleaseApproval(string ApprovedBy, DateTimeOffset ApprovedAt, string? Comment = null, IReadOnlyList<string>? Authors = null);

/// <summary>
/// An immutable, numbered, published version of a whole program: what the content API serves and Delivery stores.
/// The content hash is SHA-256 over the content's canonical JSON, so identical content always hashes the same.
/// </summary>
public sealed record ProgramRelease
{
    public required string ProgramId { get; init; }
    public required int Number { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }
    public required string PublishedBy { get; init; }
    public required string ContentHash { get; init; }
    public ReleaseApproval? Approval { get; init; }
    public required ProgramContent Content { get; init; }

    /// <summary>Every media file the content refers to, by key (see <see cref="Block.MediaReferences"/>).</summary>
    public IReadOnlyList<MediaAsset> Media { get; init; } = [];

    public static string HashOf(ProgramContent content) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(content, ContractJson.Options)));

    /// <summary>
    /// Why a release fetched from the Cms must not be stored, or null when it is whole: its content must hash to the
    /// hash it carries (recomputed canonically, as the Cms computed it at publish) and to the hash the catalogue listed.
    /// </summary>
    public static string? IntegrityProblem(ProgramRelease release, string expectedProgramId, int expectedNumber, string expectedHash)
    {
        if (release.ProgramId != expectedProgramId || release.Number != expectedNumber)
        {
            return $"asked for release {expectedNumber} of {expectedProgramId}, got release {release.Number} of {release.ProgramId}";
        }
        var actual = HashOf(release.Content);
        if (!string.Equals(actual, release.ContentHash, StringComparison.Ordinal))
        {
            return $"its content hashes to {actual}, not to the {release.ContentHash} it carries";
        }
        return string.Equals(actual, expectedHash, StringComparison.Ordinal)
            ? null
            : $"its content hash {actual} differs from the catalogue's {expectedHash}";
    }
}

/// <summary>A published program in the catalogue listing.</summary>
public sealed record ProgramSummary(
    string Id, string Slug, ProgramKind Kind, string Organisation, LocalizedText Title, LocalizedText Summary,
    int LatestRelease, DateTimeOffset PublishedAt, string ContentHash, bool Withdrawn);
