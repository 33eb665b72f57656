using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Transfer;

/// <summary>
/// The one way media comes in with transferred content (a content folder or a package): a file is taken into the
/// library, captions are attached to their video (or kept when identical ones are attached already), the program's
/// references are rewritten to this installation's keys, and a refused transfer removes again what it added. Which
/// existing asset a file may reuse is the caller's rule: a folder matches by file name, a package by content.
/// </summary>
public sealed class MediaIntake(CmsDbContext db, MediaLibrary library)
{
    /// <summary>The key the file has here, or why it was refused; <paramref name="Added"/> when this call created the asset.</summary>
    public sealed record Taken(string? Key, string? Refusal, bool Added);

    /// <summary>Takes one file in as <paramref name="fileName"/>; with <paramref name="replacing"/>, as that asset's new file.</summary>
    public async Task<Taken> TakeInAsync(string path, string fileName, string actor, string? replacing = null, CancellationToken ct = default)
    {
        var (asset, refusal) = await library.IngestAsync(path, fileName, actor, replacing, ct: ct);
        return asset is null ? new(null, refusal!.Reason, false) : new(asset.Key, null, replacing is null);
    }

    /// <summary>Attaches a WebVTT file as captions of a video, unless the same file is attached in that language already.</summary>
    public async Task<Taken> AttachCaptionsAsync(string videoKey, string language, string path, string actor, CancellationToken ct = default)
    {
        var attached = await AttachedCaptionAsync(videoKey, language, ct);
        if (attached is not null && attached.Value.Hash == await MediaLibrary.HashFileAsync(path, ct))
        {
            return new(attached.Value.Key, null, false);
        }
        var (asset, refusal) = await library.AddCaptionsAsync(videoKey, language, path, actor, ct);
        return asset is null ? new(null, refusal!.Reason, false) : new(asset.Key, null, attached is null);
    }

    /// <summary>Removes the assets a refused transfer added, newest first (captions before the video they belong to).</summary>
    public async Task UndoAsync(IReadOnlyList<string> added)
    {
        for (var i = added.Count - 1; i >= 0; i--)
        {
            await library.DeleteAsync(added[i], CancellationToken.None);
        }
    }

    /// <summary>Waits until every asset is processed (ready or failed), running pending jobs with <paramref name="runPending"/>.</summary>
    public async Task<IReadOnlyList<string>> WaitUntilProcessedAsync(IReadOnlyList<string> keys, Func<CancellationToken, Task<bool>>? runPending,
        IProgress<(int Done, int Total, string Item)>? progress, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var states = await db.MediaAssets.AsNoTracking().Where(a => keys.Contains(a.Key)).Select(a => new { a.Key, a.Status }).ToListAsync(ct);
            var done = states.Count(s => s.Status is MediaStatus.Ready or MediaStatus.Failed);
            progress?.Report((done, keys.Count, "media"));
            if (done == keys.Count || DateTime.UtcNow > deadline)
            {
                return states.Where(s => s.Status != MediaStatus.Ready).Select(s => s.Key).ToList();
            }
            if (runPending is null || !await runPending(ct))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    /// <summary>The program with every media reference (fields marked [MediaField]) mapped to this installation's keys.
    /// The cover image is a media reference too: a package's cover must point at this installation's copy.</summary>
    public static ProgramContent WithMediaKeys(ProgramContent program, IReadOnlyDictionary<string, string> keys) =>
        keys.Count == 0 || keys.All(k => k.Key == k.Value) ? program : WithMediaKeys(program, (_, reference) => keys.GetValueOrDefault(reference)) with
        {
            Cover = program.Cover is { } cover && keys.TryGetValue(cover.Media, out var coverKey) ? cover with { Media = coverKey } : program.Cover,
        };

    /// <summary>The program with each media reference that <paramref name="keyOf"/> maps (block, reference → key) replaced.</summary>
    public static ProgramContent WithMediaKeys(ProgramContent program, Func<Block, string, string?> keyOf) => program with
    {
        Modules = program.Modules.Select(m => m with
        {
            Pages = m.Pages.Select(p => p with { Blocks = p.Blocks.Select(b => Rewrite(b, keyOf)).ToList() }).ToList(),
        }).ToList(),
    };

    private static Block Rewrite(Block block, Func<Block, string, string?> keyOf)
    {
        var fields = block.GetType().GetProperties().Where(p => p.GetCustomAttribute<MediaFieldAttribute>() is not null)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();
        if (fields.Count == 0)
        {
            return block;
        }
        var json = JsonSerializer.SerializeToNode(block, ContractJson.Options)!.AsObject();
        foreach (var field in fields)
        {
            switch (json[field])
            {
                case JsonValue value when value.TryGetValue<string>(out var key) && keyOf(block, key) is { } mapped:
                    json[field] = mapped;
                    break;
                case JsonObject perLanguage:
                    foreach (var (language, node) in perLanguage.ToList())
                    {
                        if (node is JsonValue v && v.TryGetValue<string>(out var k) && keyOf(block, k) is { } m)
                        {
                            perLanguage[language] = m;
                        }
                    }
                    break;
            }
        }
        return json.Deserialize<Block>(ContractJson.Options)!;
    }

    private async Task<(string Key, string Hash)?> AttachedCaptionAsync(string videoKey, string language, CancellationToken ct)
    {
        var video = await db.MediaAssets.AsNoTracking().FirstOrDefaultAsync(a => a.Key == videoKey, ct);
        if (video is null || !video.Captions.TryGetValue(language, out var key))
        {
            return null;
        }
        var hash = await db.MediaAssets.AsNoTracking().Where(a => a.Key == key).Select(a => a.ContentHash).FirstOrDefaultAsync(ct);
        return hash is null ? null : (key, hash);
    }
}
