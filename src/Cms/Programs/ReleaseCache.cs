using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Programs;

/// <summary>A release's bytes as served, with their strong ETag.</summary>
public sealed record CachedJson(byte[] Body, string ETag);

/// <summary>
/// Releases are immutable, so their serialized bytes are cached forever; "latest release of a slug" and the catalogue
/// are cached per generation. A publish or withdraw in this process starts a new generation at once; anything written by
/// another process on the same database (<c>cms import --publish</c> while the Cms runs, a second instance) is noticed
/// on the next request for the catalogue or a latest release, by one cheap indexed query for a change stamp (the newest
/// release row and the number of withdrawn programs). Numbered releases never need that check.
/// </summary>
public sealed class ReleaseCache(IServiceScopeFactory scopes)
{
    /// <summary>What the database looked like: the newest release row and how many programs are withdrawn.</summary>
    private sealed record Stamp(long NewestRelease, int Withdrawn);

    /// <summary>Everything cached under one stamp; replaced whole, so a fill that started under an older stamp is dropped with it.</summary>
    private sealed class Generation(Stamp? stamp)
    {
        public Stamp? Stamp { get; } = stamp;
        public ConcurrentDictionary<string, (string ProgramId, int Number)?> LatestBySlug { get; } = new(StringComparer.Ordinal);
        public volatile CachedJson? Catalogue;
    }

    private readonly ConcurrentDictionary<(string ProgramId, int Number), CachedJson> _releases = new();
    private volatile Generation _current = new(null);

    public void Invalidate() => _current = new Generation(null);

    public async Task<CachedJson?> LatestAsync(string slug, CancellationToken ct)
    {
        var generation = await CurrentAsync(ct);
        var key = await LatestKeyAsync(generation, slug, ct);
        return key is { } k ? await ReleaseAsync(k.ProgramId, k.Number, ct) : null;
    }

    public async Task<CachedJson?> ReleaseBySlugAsync(string slug, int number, CancellationToken ct)
    {
        var key = await LatestKeyAsync(await CurrentAsync(ct), slug, ct);
        return key is { } k && number <= k.Number ? await ReleaseAsync(k.ProgramId, number, ct) : null;
    }

    private async Task<(string ProgramId, int Number)?> LatestKeyAsync(Generation generation, string slug, CancellationToken ct)
    {
        if (generation.LatestBySlug.TryGetValue(slug, out var key))
        {
            return key;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var found = await db.Programs.AsNoTracking().Where(p => p.Slug == slug && p.LatestRelease > 0)
            .Select(p => new { p.Id, p.LatestRelease }).FirstOrDefaultAsync(ct);
        key = found is null ? null : (found.Id, found.LatestRelease);
        generation.LatestBySlug[slug] = key;
        return key;
    }

    /// <summary>
    /// The generation matching the database now. The stamp is read before anything it covers, so what is cached under
    /// a stamp is never older than that stamp.
    /// </summary>
    private async Task<Generation> CurrentAsync(CancellationToken ct)
    {
        var current = _current;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var stamp = new Stamp(
            await db.Releases.AsNoTracking().MaxAsync(r => (long?)r.Id, ct) ?? 0,
            await db.Programs.AsNoTracking().CountAsync(p => p.WithdrawnAt != null, ct));
        if (current.Stamp == stamp)
        {
            return current;
        }
        var fresh = new Generation(stamp);
        Interlocked.CompareExchange(ref _current, fresh, current);
        return fresh;
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
        var generation = await CurrentAsync(ct);
        if (generation.Catalogue is { } cached)
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
        generation.Catalogue = entry;
        return entry;
    }
}
