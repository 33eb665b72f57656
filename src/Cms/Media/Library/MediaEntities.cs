using System.Text.Json;
using ContentPlatform.Cms.Media.Sniffing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Cms.Media.Library;

public enum MediaStatus
{
    /// <summary>Stored; waiting for its processing job.</summary>
    Uploaded,
    Processing,
    Ready,
    Failed,
}

/// <summary>
/// One file in the media library. Content refers to it by <see cref="Key"/>, which never changes (replacing the file keeps
/// it), so every block that uses it follows. Bytes live in the store under content-hashed blob keys
/// ("{sha256}/{name}"): a blob never changes once written, which is what makes its URL cacheable forever.
/// </summary>
public sealed class MediaAsset
{
    /// <summary>Stable, URL-safe id used in content references: lower-case letters, digits and '-'.</summary>
    public required string Key { get; set; }

    public MediaKind Kind { get; set; }

    /// <summary>The name the file had on the uploader's computer (shown, searched; never used as a path).</summary>
    public required string FileName { get; set; }

    /// <summary>Decided by sniffing the content, never by the name or the browser's claim.</summary>
    public required string ContentType { get; set; }

    public long Bytes { get; set; }

    /// <summary>SHA-256 of the original file, lower-case hex.</summary>
    public required string ContentHash { get; set; }

    /// <summary>Where the original lives in the store: "{ContentHash}/{safe-name}".</summary>
    public required string BlobKey { get; set; }

    /// <summary>For captions files: the language of the track ("nb", "nn").</summary>
    public string? Language { get; set; }

    /// <summary>Alternative text per language (images), as a <see cref="LocalizedText"/> JSON object.</summary>
    public string AltTextJson { get; set; } = "{}";

    /// <summary>Captions per language (videos): language → the key of a captions asset.</summary>
    public string CaptionsJson { get; set; } = "{}";

    /// <summary>Transcript per language (video, audio), plain text or Markdown, as a <see cref="LocalizedText"/> JSON object.</summary>
    public string TranscriptJson { get; set; } = "{}";

    public double? DurationSeconds { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }

    /// <summary>Poster image blob key (videos), made from a frame near the start.</summary>
    public string? PosterBlobKey { get; set; }

    public MediaStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    public List<MediaRenditionRecord> Renditions { get; set; } = [];

    public LocalizedText AltText
    {
        get => ParseText(AltTextJson);
        set => AltTextJson = JsonSerializer.Serialize(value);
    }

    public LocalizedText Transcript
    {
        get => ParseText(TranscriptJson);
        set => TranscriptJson = JsonSerializer.Serialize(value);
    }

    public SortedDictionary<string, string> Captions
    {
        get => JsonSerializer.Deserialize<SortedDictionary<string, string>>(CaptionsJson) ?? [];
        set => CaptionsJson = JsonSerializer.Serialize(value);
    }

    private static LocalizedText ParseText(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []);
}

/// <summary>A transcoded version of an asset: "720p", "360p", "audio".</summary>
public sealed class MediaRenditionRecord
{
    public long Id { get; set; }
    public required string AssetKey { get; set; }
    public required string Label { get; set; }
    public required string BlobKey { get; set; }
    public required string ContentType { get; set; }
    public int? Height { get; set; }
    public long Bytes { get; set; }
}

/// <summary>
/// A chunked upload in progress: its bytes are appended to a temporary file until <see cref="Received"/> reaches
/// <see cref="Size"/>, then it is checked and becomes an asset. Nothing reaches the store before that.
/// </summary>
public sealed class MediaUpload
{
    /// <summary>Random, unguessable id (32 hex digits).</summary>
    public required string Id { get; set; }

    public required string FileName { get; set; }
    public long Size { get; set; }
    public long Received { get; set; }

    /// <summary>Set when the upload replaces the file of an existing asset (its key and references stay).</summary>
    public string? ReplaceKey { get; set; }

    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Unix milliseconds of the last chunk (SQLite cannot compare DateTimeOffset in queries).</summary>
    public long TouchedAtMs { get; set; }
}

public enum MediaJobState
{
    Pending,
    Running,
    Done,
    Failed,
}

/// <summary>
/// Durable processing work for one asset. A running job holds a lease (renewed while it works); a job whose lease ran out
/// was left by a process that died, and is taken up again, so a restart never loses work.
/// </summary>
public sealed class MediaJob
{
    public long Id { get; set; }
    public required string AssetKey { get; set; }
    public MediaJobState State { get; set; }

    /// <summary>0–100.</summary>
    public double Progress { get; set; }

    public string? Error { get; set; }
    public int Attempts { get; set; }
    public string? LeaseOwner { get; set; }

    /// <summary>Unix milliseconds until which the owner holds the job.</summary>
    public long LeaseUntilMs { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class MediaAssetConfiguration : IEntityTypeConfiguration<MediaAsset>
{
    public void Configure(EntityTypeBuilder<MediaAsset> b)
    {
        b.ToTable("MediaAssets");
        b.HasKey(a => a.Key);
        b.Property(a => a.Key).HasMaxLength(100);
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.ContentHash).HasMaxLength(64);
        b.Property(a => a.BlobKey).HasMaxLength(512);
        b.Property(a => a.PosterBlobKey).HasMaxLength(512);
        b.Property(a => a.Language).HasMaxLength(10);
        b.Property(a => a.CreatedBy).HasMaxLength(256);
        b.Property(a => a.UpdatedBy).HasMaxLength(256);
        b.Ignore(a => a.AltText);
        b.Ignore(a => a.Transcript);
        b.Ignore(a => a.Captions);
        b.HasIndex(a => a.ContentHash);
        b.HasIndex(a => a.Kind);
        b.HasMany(a => a.Renditions).WithOne().HasForeignKey(r => r.AssetKey).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MediaRenditionConfiguration : IEntityTypeConfiguration<MediaRenditionRecord>
{
    public void Configure(EntityTypeBuilder<MediaRenditionRecord> b)
    {
        b.ToTable("MediaRenditions");
        b.Property(r => r.AssetKey).HasMaxLength(100);
        b.Property(r => r.Label).HasMaxLength(20);
        b.Property(r => r.BlobKey).HasMaxLength(512);
        b.Property(r => r.ContentType).HasMaxLength(100);
        b.HasIndex(r => new { r.AssetKey, r.Label }).IsUnique();
    }
}

internal sealed class MediaUploadConfiguration : IEntityTypeConfiguration<MediaUpload>
{
    public void Configure(EntityTypeBuilder<MediaUpload> b)
    {
        b.ToTable("MediaUploads");
        b.Property(u => u.Id).HasMaxLength(32);
        b.Property(u => u.FileName).HasMaxLength(255);
        b.Property(u => u.ReplaceKey).HasMaxLength(100);
        b.Property(u => u.CreatedBy).HasMaxLength(256);
        b.HasIndex(u => u.TouchedAtMs);
    }
}

internal sealed class MediaJobConfiguration : IEntityTypeConfiguration<MediaJob>
{
    public void Configure(EntityTypeBuilder<MediaJob> b)
    {
        b.ToTable("MediaJobs");
        b.Property(j => j.AssetKey).HasMaxLength(100);
        b.Property(j => j.State).HasConversion<string>().HasMaxLength(20);
        b.Property(j => j.LeaseOwner).HasMaxLength(64);
        b.Property(j => j.CreatedBy).HasMaxLength(256);
        b.HasIndex(j => new { j.State, j.LeaseUntilMs });
        b.HasIndex(j => j.AssetKey);
    }
}
