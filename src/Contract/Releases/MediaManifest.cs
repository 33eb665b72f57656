namespace ContentPlatform.Contract.Releases;

public enum MediaKind
{
    Image,
    Video,
    Audio,
    Document,
    Captions,
}

/// <summary>
/// A media file a release refers to, resolved at publish time. Blocks refer to media by <see cref="Key"/>; URLs point to
/// the Cms's content-hashed, immutable media URLs (which redirect to a fresh signed URL when Azure Blob is the store),
/// so a release snapshot never holds a URL that expires.
/// </summary>
public sealed record MediaAsset
{
    public required string Key { get; init; }
    public MediaKind Kind { get; init; }
    public required string ContentType { get; init; }
    public required string Url { get; init; }
    public long Bytes { get; init; }
    public double? DurationSeconds { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public string? PosterUrl { get; init; }

    /// <summary>Transcoded versions, best first (e.g. 720p, 360p, audio-only).</summary>
    public IReadOnlyList<MediaRendition> Renditions { get; init; } = [];
}

public sealed record MediaRendition(string Label, string Url, string ContentType, int? Height, long Bytes);
