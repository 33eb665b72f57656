using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Processing;
using ContentPlatform.Cms.Media.Sniffing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Media.Library;

/// <summary>The library's search and filters, as the list page and the API offer them.</summary>
public sealed record MediaFilter(string? Query = null, MediaKind? Kind = null, string? Language = null, bool MissingCaptions = false,
    bool Unused = false);

/// <summary>An asset with what the list shows beside it: how often it is used, which captions it lacks, its latest job.</summary>
public sealed record MediaListItem(MediaAsset Asset, IReadOnlyList<MediaUse> Uses, IReadOnlyList<string> MissingCaptions, MediaJob? Job);

public sealed class MediaBrowser(CmsDbContext db, MediaUsage usage, IOptions<MediaOptions> options)
{
    public IReadOnlyList<string> RequiredLanguages => options.Value.CaptionLanguages();

    public async Task<IReadOnlyList<MediaListItem>> ListAsync(MediaFilter filter, CancellationToken ct = default)
    {
        var query = db.MediaAssets.AsNoTracking().Include(a => a.Renditions).AsQueryable();
        if (filter.Kind is { } kind)
        {
            query = query.Where(a => a.Kind == kind);
        }
        var assets = await query.ToListAsync(ct);
        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var q = filter.Query.Trim();
            assets = assets.Where(a => a.Key.Contains(q, StringComparison.OrdinalIgnoreCase) ||
                                       a.FileName.Contains(q, StringComparison.OrdinalIgnoreCase) ||
                                       a.AltText.Values.Any(t => t.Contains(q, StringComparison.OrdinalIgnoreCase)) ||
                                       a.Transcript.Values.Any(t => t.Contains(q, StringComparison.OrdinalIgnoreCase))).ToList();
        }
        if (!string.IsNullOrWhiteSpace(filter.Language))
        {
            var l = filter.Language;
            assets = assets.Where(a => a.Language == l || a.Captions.ContainsKey(l) || a.AltText.Has(l) || a.Transcript.Has(l)).ToList();
        }
        var uses = await usage.ScanAsync(ct);
        var keys = assets.Select(a => a.Key).ToList();
        var jobs = (await db.MediaJobs.AsNoTracking().Where(j => keys.Contains(j.AssetKey)).ToListAsync(ct))
            .GroupBy(j => j.AssetKey).ToDictionary(g => g.Key, g => g.MaxBy(j => j.Id));
        var items = assets
            .Select(a => new MediaListItem(a, uses[a.Key].ToList(), MissingCaptions(a), jobs.GetValueOrDefault(a.Key)))
            .Where(i => !filter.MissingCaptions || i.MissingCaptions.Count > 0)
            .Where(i => !filter.Unused || i.Uses.Count == 0)
            .OrderByDescending(i => i.Asset.UpdatedAt.UtcTicks)
            .ToList();
        return items;
    }

    public async Task<MediaListItem?> GetAsync(string key, CancellationToken ct = default)
    {
        var asset = await db.MediaAssets.AsNoTracking().Include(a => a.Renditions).FirstOrDefaultAsync(a => a.Key == key, ct);
        if (asset is null)
        {
            return null;
        }
        var uses = await usage.UsesOfAsync(key, ct);
        var job = await db.MediaJobs.AsNoTracking().Where(j => j.AssetKey == key).OrderByDescending(j => j.Id).FirstOrDefaultAsync(ct);
        return new MediaListItem(asset, uses, MissingCaptions(asset), job);
    }

    /// <summary>The captions assets of a video, by language (for the details page's players and lists).</summary>
    public async Task<IReadOnlyDictionary<string, MediaAsset>> CaptionAssetsAsync(MediaAsset video, CancellationToken ct = default)
    {
        var captions = video.Captions;
        var keys = captions.Values.ToList();
        var assets = await db.MediaAssets.AsNoTracking().Where(a => keys.Contains(a.Key)).ToDictionaryAsync(a => a.Key, ct);
        return captions.Where(c => assets.ContainsKey(c.Value)).ToDictionary(c => c.Key, c => assets[c.Value]);
    }

    public async Task<MediaJob?> JobAsync(long id, CancellationToken ct = default) =>
        await db.MediaJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);

    /// <summary>Required languages a video has no captions in (empty for everything but videos).</summary>
    public IReadOnlyList<string> MissingCaptions(MediaAsset asset)
    {
        if (asset.Kind != MediaKind.Video)
        {
            return [];
        }
        var captions = asset.Captions;
        return RequiredLanguages.Where(l => !captions.ContainsKey(l)).ToList();
    }
}
