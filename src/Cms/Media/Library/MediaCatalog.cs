using ContentPlatform.Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Releases = ContentPlatform.Contract.Releases;
using SniffKind = ContentPlatform.Cms.Media.Sniffing.MediaKind;

namespace ContentPlatform.Cms.Media.Library;

/// <summary>What the media library knows about a referenced key; a lookup returns null for a key it does not have.</summary>
public sealed record MediaLookupEntry(Releases.MediaKind Kind, bool Ready);

/// <summary>What publishing needs from the media library: a lookup for validation and the release's media manifest.</summary>
public interface IMediaCatalog
{
    /// <summary>Every asset's kind and readiness, as a lookup for publish validation (Programs/PublishValidator).</summary>
    Task<Func<string, MediaLookupEntry?>> LookupAsync(CancellationToken ct = default);

    /// <summary>A manifest entry per key (unknown keys are left out; validation has already refused them).</summary>
    Task<IReadOnlyList<Releases.MediaAsset>> ManifestAsync(IEnumerable<string> keys, CancellationToken ct = default);
}

public sealed class MediaCatalog(CmsDbContext db, IOptions<MediaOptions> options, IConfiguration configuration) : IMediaCatalog
{
    public async Task<Func<string, MediaLookupEntry?>> LookupAsync(CancellationToken ct = default)
    {
        var all = await db.MediaAssets.AsNoTracking().Select(a => new { a.Key, a.Kind, a.Status }).ToListAsync(ct);
        var map = all.ToDictionary(a => a.Key, a => new MediaLookupEntry(ToContract(a.Kind), a.Status == MediaStatus.Ready),
            StringComparer.Ordinal);
        return key => map.GetValueOrDefault(key);
    }

    public async Task<IReadOnlyList<Releases.MediaAsset>> ManifestAsync(IEnumerable<string> keys, CancellationToken ct = default)
    {
        var wanted = keys.Where(k => !string.IsNullOrWhiteSpace(k)).Distinct(StringComparer.Ordinal).ToList();
        var assets = await db.MediaAssets.AsNoTracking().Include(a => a.Renditions).Where(a => wanted.Contains(a.Key)).ToListAsync(ct);
        var baseUrl = PublicBaseUrl(options.Value, configuration);
        return assets.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => ToManifest(a, baseUrl)).ToList();
    }

    public static Releases.MediaAsset ToManifest(MediaAsset asset, string baseUrl)
    {
        string Url(string blobKey) => baseUrl + MediaNames.PathOf(blobKey);
        var renditions = asset.Renditions
            .OrderBy(r => r.Label == "audio" ? 1 : 0).ThenByDescending(r => r.Height)
            .Select(r => new Releases.MediaRendition(r.Label, Url(r.BlobKey), r.ContentType, r.Height, r.Bytes))
            .ToList();
        // What a player should load first: the best H.264 rendition of a video, the loudness-normalised file of a sound
        // (originals may be MOV, WebM or WAV, which not every phone plays); for everything else the file itself.
        var primary = asset.Kind switch
        {
            SniffKind.Video => asset.Renditions.Where(r => r.Label != "audio").MaxBy(r => r.Height),
            SniffKind.Audio => asset.Renditions.FirstOrDefault(r => r.Label == "audio"),
            _ => null,
        };
        return new Releases.MediaAsset
        {
            Key = asset.Key,
            Kind = ToContract(asset.Kind),
            ContentType = primary?.ContentType ?? asset.ContentType,
            Url = Url(primary?.BlobKey ?? asset.BlobKey),
            Bytes = primary?.Bytes ?? asset.Bytes,
            DurationSeconds = asset.DurationSeconds,
            Width = asset.Width,
            Height = asset.Height,
            PosterUrl = asset.PosterBlobKey is null ? null : Url(asset.PosterBlobKey),
            Renditions = renditions,
        };
    }

    /// <summary>Media:PublicBaseUrl, else the first configured Cms URL (wildcard hosts become localhost), without a trailing '/'.</summary>
    public static string PublicBaseUrl(MediaOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return options.PublicBaseUrl.TrimEnd('/');
        }
        var first = (configuration["Urls"] ?? configuration["ASPNETCORE_URLS"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return "http://localhost:5001";
        }
        first = first.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
        return first.TrimEnd('/');
    }

    public static Releases.MediaKind ToContract(SniffKind kind) => kind switch
    {
        SniffKind.Image => Releases.MediaKind.Image,
        SniffKind.Video => Releases.MediaKind.Video,
        SniffKind.Audio => Releases.MediaKind.Audio,
        SniffKind.Captions => Releases.MediaKind.Captions,
        _ => Releases.MediaKind.Document,
    };
}
