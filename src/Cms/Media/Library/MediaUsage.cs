using System.Text.Json;
using ContentPlatform.Cms.Data;
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

/// <summary>A program document media may be used in: a draft (<paramref name="Release"/> null) or a numbered release.</summary>
public sealed record ProgramDocument(ProgramContent Content, string Slug, int? Release);

/// <summary>
/// What media usage needs from programs: every draft and release document. Programs provides it (the one way media
/// reaches programs), so the media library depends on no program type.
/// </summary>
public interface IProgramDocuments
{
    Task<IReadOnlyList<ProgramDocument>> AllAsync(CancellationToken ct = default);
}

/// <summary>One place a media key is used. <see cref="Location"/> is "module › page › block › field" for programs.</summary>
public sealed record MediaUse(MediaUseKind Kind, string OwnerId, string OwnerSlug, string Location, int? Release = null);

/// <summary>
/// Where media is used, found by reading every program draft's and release's blocks (<see cref="Block.MediaReferences"/>)
/// and the captions attached to videos. A file in use is never deleted: a release is immutable and may still be played.
/// </summary>
public sealed class MediaUsage(CmsDbContext db, IProgramDocuments programs)
{
    public async Task<ILookup<string, MediaUse>> ScanAsync(CancellationToken ct = default)
    {
        var uses = new List<(string Key, MediaUse Use)>();
        foreach (var document in await programs.AllAsync(ct))
        {
            AddProgram(uses, document.Content, document.Release is null ? MediaUseKind.Draft : MediaUseKind.Release, document.Slug,
                document.Release);
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
        if (program.Cover is { Media: { Length: > 0 } cover })
        {
            uses.Add((cover, new MediaUse(kind, program.Id, slug, "cover", release)));
        }
    }
}
