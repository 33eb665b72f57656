using System.Collections.Concurrent;
using System.Text.Json;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Content;

/// <summary>A program as Delivery serves it: its catalogue facts and its latest release.</summary>
public sealed record ProgramEntry(string ProgramId, string Slug, ProgramKind Kind, int LatestRelease, bool Withdrawn);

/// <summary>
/// The releases Delivery serves. Stored in the Delivery database (so a Cms outage changes nothing for patients) and,
/// once parsed, kept in memory: releases are immutable, so a parsed release never needs invalidating.
/// </summary>
public sealed class ReleaseStore(IServiceScopeFactory scopes, TimeProvider clock, DeliveryWriteGate gate, Reading.PatientPageCache pages) : IDisposable
{
    private readonly ConcurrentDictionary<(string ProgramId, int Number), ProgramRelease> _releases = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile IReadOnlyDictionary<string, ProgramEntry>? _programs;

    public async Task<IReadOnlyCollection<ProgramEntry>> ProgramsAsync(CancellationToken ct = default) =>
        (await ProgramMapAsync(ct)).Values.OrderBy(p => p.Slug, StringComparer.Ordinal).ToList();

    public async Task<ProgramEntry?> ProgramAsync(string programId, CancellationToken ct = default) =>
        (await ProgramMapAsync(ct)).GetValueOrDefault(programId);

    public async Task<ProgramEntry?> ProgramBySlugAsync(string slug, CancellationToken ct = default) =>
        (await ProgramMapAsync(ct)).Values.FirstOrDefault(p => p.Slug == slug);

    /// <summary>The release an enrollment follows: always the latest one Delivery has.</summary>
    public async Task<ProgramRelease?> LatestAsync(string programId, CancellationToken ct = default) =>
        await ProgramAsync(programId, ct) is { } p ? await GetAsync(programId, p.LatestRelease, ct) : null;

    public async Task<ProgramRelease?> GetAsync(string programId, int number, CancellationToken ct = default)
    {
        if (_releases.TryGetValue((programId, number), out var cached))
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var json = await db.Releases.AsNoTracking().Where(r => r.ProgramId == programId && r.Number == number)
            .Select(r => r.Json).FirstOrDefaultAsync(ct);
        if (json is null)
        {
            return null;
        }
        var release = Parse(json);
        _releases[(programId, number)] = release;
        return release;
    }

    public void Dispose() => _loading.Dispose();

    public bool Has(string programId, int number) => _releases.ContainsKey((programId, number));

    /// <summary>Stores a release (idempotent) and makes it the program's latest when it is newer.</summary>
    public async Task SaveAsync(string json, string slug, bool withdrawn = false, CancellationToken ct = default)
    {
        var release = Parse(json);
        var content = release.Content;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        using (await gate.EnterAsync(ct))
        {
            if (!await db.Releases.AnyAsync(r => r.ProgramId == release.ProgramId && r.Number == release.Number, ct))
            {
                db.Releases.Add(new StoredRelease
                {
                    ProgramId = release.ProgramId, Number = release.Number, ContentHash = release.ContentHash, Json = json,
                    FetchedAt = clock.GetUtcNow(),
                });
            }
            var program = await db.Programs.FirstOrDefaultAsync(p => p.ProgramId == release.ProgramId, ct);
            if (program is null)
            {
                program = new StoredProgram { ProgramId = release.ProgramId };
                db.Programs.Add(program);
            }
            if (release.Number >= program.LatestRelease)
            {
                program.LatestRelease = release.Number;
                program.Slug = string.IsNullOrEmpty(slug) ? content.Slug : slug;
                program.Kind = content.Kind;
            }
            program.Withdrawn = withdrawn;
            await db.SaveChangesAsync(ct);
        }
        _releases[(release.ProgramId, release.Number)] = release;
        await ReloadProgramsAsync(ct);
        await pages.EvictAllAsync(ct); // enrollments move on to the new release: no page may show the old one
    }

    public async Task SetWithdrawnAsync(string programId, bool withdrawn, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        using (await gate.EnterAsync(ct))
        {
            await db.Programs.Where(p => p.ProgramId == programId && p.Withdrawn != withdrawn)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Withdrawn, withdrawn), ct);
        }
        await ReloadProgramsAsync(ct);
        await pages.EvictAllAsync(ct);
    }

    public static ProgramRelease Parse(string json) =>
        JsonSerializer.Deserialize<ProgramRelease>(json, ContractJson.Options)
        ?? throw new JsonException("empty release");

    private async Task<IReadOnlyDictionary<string, ProgramEntry>> ProgramMapAsync(CancellationToken ct) =>
        _programs ?? await ReloadProgramsAsync(ct);

    private async Task<IReadOnlyDictionary<string, ProgramEntry>> ReloadProgramsAsync(CancellationToken ct)
    {
        await _loading.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            var rows = await db.Programs.AsNoTracking().ToListAsync(ct);
            var map = rows.ToDictionary(p => p.ProgramId, p => new ProgramEntry(p.ProgramId, p.Slug, p.Kind, p.LatestRelease, p.Withdrawn),
                StringComparer.Ordinal);
            _programs = map;
            return map;
        }
        finally
        {
            _loading.Release();
        }
    }
}
