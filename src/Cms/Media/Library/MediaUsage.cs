using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Media.Library;

public enum MediaUseKind
{
    /// <summary>A program draft (what editors work on).</summary>
    Draft,

    /// <summary>A published release: patients enrolled on it may still play the file.</summary>
    Release,

    /// <summary>Another library item (a captions file attached to a video).</summary>
    Asset,
}

/// <summary>One place a media key is used. <see cref="Location"/> is "module › page › block › field" for programs.</summary>
public sealed record MediaUse(MediaUseKind Kind, string OwnerId, string OwnerSlug, string Location, int? Release = null);

/// <summary>
/// Where media is used, found by reading every program draft's and release's blocks (<see cref="Block.MediaReferences"/>)
/// and the captions attached to videos. A file in use is never deleted: a release is immutable and may still be played.
/// </summary>
public sealed class MediaUsage(CmsDbContext db)
{
    public async Task<ILookup<string, MediaUse>> ScanAsync(CancellationToken ct = default)
    {
        var uses = new List<(string Key, MediaUse Use)>();
        var drafts = await db.Programs.AsNoTracking().Select(p => new { p.Id, p.Slug, p.DocumentJson }).ToListAsync(ct);
        foreach (var draft in drafts)
        {
            AddProgram(uses, ProgramWorkflow.Deserialize(draft.DocumentJson), MediaUseKind.Draft, draft.Slug, null);
        }
        var releases = await db.Releases.AsNoTracking().Select(r => new { r.ProgramId, r.Number, r.ReleaseJson }).ToListAsync(ct);
        foreach (var record in releases)
        {
            var release = JsonSerializer.Deserialize<ProgramRelease>(record.ReleaseJson, ContractJson.Options);
            if (release is not null)
            {
                AddProgram(uses, release.Content, MediaUseKind.Release, release.Content.Slug, record.Number);
            }
        }
        var videos = await db.MediaAssets.AsNoTracking().Where(a => a.CaptionsJson != "{}")
            .Select(a => new { a.Key, a.CaptionsJson }).ToListAsync(ct);
        foreach (var video in videos)
        {
            foreach (var (language, captionKey) in JsonSerializer.Deserialize<Dictionary<string, string>>(video.CaptionsJson) ?? [])
            {
                uses.Add((captionKey, new MediaUse(MediaUseKind.Asset, video.Key, video.Key, $"captions › {language}")));
            }
        }
        return uses.ToLookup(u => u.Key, u => u.Use, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<MediaUse>> UsesOfAsync(string key, CancellationToken ct = default) =>
        (await ScanAsync(ct))[key].ToList();

    private static void AddProgram(List<(string, MediaUse)> uses, ProgramContent program, MediaUseKind kind, string slug, int? release)
    {
        foreach (var (module, page, block) in program.AllBlocks())
        {
            foreach (var (field, media) in block.MediaReferences())
            {
                if (!string.IsNullOrWhiteSpace(media))
                {
                    uses.Add((media, new MediaUse(kind, program.Id, slug, $"{module.Id} › {page.Id} › {block.Id} › {field}", release)));
                }
            }
        }
    }
}
