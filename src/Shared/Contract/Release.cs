using System.Security.Cryptography;
using System.Text.Json;

namespace ContentPlatform.Shared.Contract;

/// <summary>Who gave clinical sign-off for a release, and when.</summary>
public sealed record ReleaseApproval(string ApprovedBy, DateTimeOffset ApprovedAt, string? Comment = null);

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
}

/// <summary>A published program in the catalogue listing.</summary>
public sealed record ProgramSummary(
    string Id, string Slug, ProgramKind Kind, string Organisation, LocalizedText Title, LocalizedText Summary,
    int LatestRelease, DateTimeOffset PublishedAt, string ContentHash, bool Withdrawn);
