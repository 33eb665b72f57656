using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Shared.Contract;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.ContentApi;

/// <summary>A release's bytes as served, with their strong ETag.</summary>
public sealed record CachedJson(byte[] Body, string ETag);

/// <summary>
/// Releases are immutable, so their serialized bytes are cached forever; "latest release of a slug" and the catalogue
/// are cached until a publish or withdraw invalidates them. A warm content API request touches no database.
/// </summary>
public sealed class ReleaseCache(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<(string ProgramId, int Number), CachedJson> _releases = new();
    private readonly ConcurrentDictionary<string, (string ProgramId, int Number)?> _latestBySlug = new(StringComparer.Ordinal);
    private volatile CachedJson? _catalogue;

    public void Invalidate()
    {
        _latestBySlug.Clear();
        _catalogue = null;
    }

    public async Task<CachedJson?> LatestAsync(string slug, CancellationToken ct)
    {
        if (!_latestBySlug.TryGetValue(slug, out var key))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var found = await db.Programs.AsNoTracking().Where(p => p.Slug == slug && p.LatestRelease > 0)
                .Select(p => new { p.Id, p.LatestRelease }).FirstOrDefaultAsync(ct);
            key = found is null ? null : (found.Id, found.LatestRelease);
            _latestBySlug[slug] = key;
        }
        return key is { } k ? await ReleaseAsync(k.ProgramId, k.Number, ct) : null;
    }

    public async Task<CachedJson?> ReleaseBySlugAsync(string slug, int number, CancellationToken ct)
    {
        var latest = await LatestAsync(slug, ct);
        if (latest is null || !_latestBySlug.TryGetValue(slug, out var key) || key is null)
        {
            return null;
        }
        return number <= key.Value.Number ? await ReleaseAsync(key.Value.ProgramId, number, ct) : null;
    }

    public async Task<CachedJson?> ReleaseAsync(string programId, int number, CancellationToken ct)
    {
        if (_releases.TryGetValue((programId, number), out var cached))
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var record = await db.Releases.AsNoTracking().Where(r => r.ProgramId == programId && r.Number == number)
            .Select(r => new { r.ReleaseJson, r.ContentHash }).FirstOrDefaultAsync(ct);
        if (record is null)
        {
            return null;
        }
        var entry = new CachedJson(Encoding.UTF8.GetBytes(record.ReleaseJson), $"\"{programId}-{number}-{record.ContentHash[..16]}\"");
        _releases[(programId, number)] = entry;
        return entry;
    }

    public async Task<CachedJson> CatalogueAsync(CancellationToken ct)
    {
        if (_catalogue is { } cached)
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var programs = await db.Programs.AsNoTracking().Where(p => p.LatestRelease > 0).OrderBy(p => p.Slug)
            .Select(p => new { p.Id, p.Slug, p.WithdrawnAt, p.LatestRelease }).ToListAsync(ct);
        var summaries = new List<ProgramSummary>();
        foreach (var p in programs)
        {
            var release = await db.Releases.AsNoTracking().Where(r => r.ProgramId == p.Id && r.Number == p.LatestRelease)
                .Select(r => r.ReleaseJson).FirstAsync(ct);
            var parsed = JsonSerializer.Deserialize<ProgramRelease>(release, ContractJson.Options)!;
            var c = parsed.Content;
            summaries.Add(new ProgramSummary(p.Id, p.Slug, c.Kind, c.Organisation, c.Title, c.Summary, parsed.Number,
                parsed.PublishedAt, parsed.ContentHash, p.WithdrawnAt is not null));
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(summaries, ContractJson.Options);
        var entry = new CachedJson(body, $"\"catalogue-{Convert.ToHexStringLower(SHA256.HashData(body))[..24]}\"");
        _catalogue = entry;
        return entry;
    }
}
