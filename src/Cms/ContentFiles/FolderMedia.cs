using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Text;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.ContentFiles;

/// <summary>
/// Brings a program folder's media files (media/…, referenced by its blocks) into the media library and rewrites the
/// references to library keys. Idempotent: a file already in the library with the same content keeps its asset; a
/// changed file replaces the asset's file under the same key. Video captions are attached to their video.
/// </summary>
public sealed class FolderMedia(CmsDbContext db, MediaLibrary library)
{
    /// <summary>The program with library keys, the problems, and the assets it uses; <paramref name="Added"/> are the ones this
    /// call created (removed again by <see cref="UndoAsync"/> when the import is refused).</summary>
    public sealed record Result(ProgramContent Content, IReadOnlyList<ContentFileError> Errors, IReadOnlyList<string> AssetKeys,
        IReadOnlyList<string> Added);

    public async Task<Result> BringInAsync(ProgramFolder folder, string actor, CancellationToken ct = default)
    {
        var errors = new List<ContentFileError>();
        var keys = new Dictionary<string, string>(StringComparer.Ordinal); // "media/x" → asset key
        var added = new List<string>();
        var program = folder.Content;
        var blocks = new List<(ModuleContent Module, PageContent Page, Block Block)>(program.AllBlocks());
        foreach (var (_, _, block) in blocks)
        {
            foreach (var (field, reference) in block.MediaReferences().Where(r => !r.Field.StartsWith("captions.", StringComparison.Ordinal)))
            {
                if (!IsFileReference(reference) || keys.ContainsKey(reference))
                {
                    continue;
                }
                var path = Path.Combine(folder.Folder, reference);
                var (file, line) = folder.Sources.TryGetValue(block.Id, out var source) ? source : (folder.Folder, 0);
                if (!IsInMediaFolder(reference) || !File.Exists(path))
                {
                    errors.Add(new(file, line, $"block '{block.Id}': {field} refers to {TextInput.Line(reference)}, which is not in the program folder"));
                    continue;
                }
                // The one file-name rule, before the look-up: the library stores the cleaned name, so looking up the raw
                // one (with a bidi control, say) never found the earlier import's asset and took the file in again.
                if (MediaRefusal.ForFileName($"{program.Id}-{Path.GetFileName(reference)}", out var name) is { } badName)
                {
                    errors.Add(new(file, line, $"block '{block.Id}': {TextInput.Line(reference)}: {badName.Reason}"));
                    continue;
                }
                var hash = await MediaLibrary.HashFileAsync(path, ct);
                var existing = await db.MediaAssets.AsNoTracking().Where(a => a.FileName == name).Select(a => new { a.Key, a.ContentHash })
                    .FirstOrDefaultAsync(ct);
                if (existing is not null && existing.ContentHash == hash)
                {
                    keys[reference] = existing.Key;
                    continue;
                }
                var (asset, refusal) = await library.IngestAsync(path, name, actor, existing?.Key, ct: ct);
                if (asset is null)
                {
                    errors.Add(new(file, line, $"block '{block.Id}': {TextInput.Line(reference)}: {refusal!.Reason}"));
                    continue;
                }
                keys[reference] = asset.Key;
                if (existing is null)
                {
                    added.Add(asset.Key);
                }
            }
        }
        var captionKeys = new List<string>();
        var rewritten = new List<ModuleContent>();
        foreach (var module in program.Modules)
        {
            var pages = new List<PageContent>();
            foreach (var page in module.Pages)
            {
                var newBlocks = new List<Block>();
                foreach (var block in page.Blocks)
                {
                    newBlocks.Add(await RewriteAsync(folder, block, keys, captionKeys, added, errors, actor, ct));
                }
                pages.Add(page with { Blocks = newBlocks });
            }
            rewritten.Add(module with { Pages = pages });
        }
        if (errors.Count > 0)
        {
            await UndoAsync(added); // refused: nothing of this import stays in the library
            added.Clear();
        }
        return new Result(program with { Modules = rewritten }, errors, keys.Values.Concat(captionKeys).Distinct().ToList(), added);
    }

    /// <summary>Removes assets an import added, newest first (captions before the video they belong to).</summary>
    public async Task UndoAsync(IReadOnlyList<string> added)
    {
        for (var i = added.Count - 1; i >= 0; i--)
        {
            await library.DeleteAsync(added[i], CancellationToken.None);
        }
    }

    private async Task<Block> RewriteAsync(ProgramFolder folder, Block block, Dictionary<string, string> keys, List<string> captionKeys,
        List<string> added, List<ContentFileError> errors, string actor, CancellationToken ct)
    {
        string Key(string reference) => keys.TryGetValue(reference, out var key) ? key : reference;
        switch (block)
        {
            case ImageBlock image:
                return image with { Media = Key(image.Media) };
            case AudioBlock audio:
                return audio with { Media = Key(audio.Media) };
            case DownloadBlock download:
                return download with { Media = Key(download.Media) };
            case VideoBlock video:
                var videoKey = Key(video.Media);
                var captions = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var (language, reference) in video.Captions)
                {
                    captions[language] = reference;
                    if (!IsFileReference(reference) || !keys.ContainsValue(videoKey))
                    {
                        continue;
                    }
                    var path = Path.Combine(folder.Folder, reference);
                    var (file, line) = folder.Sources.TryGetValue(block.Id, out var source) ? source : (folder.Folder, 0);
                    if (!IsInMediaFolder(reference) || !File.Exists(path))
                    {
                        errors.Add(new(file, line, $"block '{block.Id}': captions for {language} refer to {reference}, which is not in the program folder"));
                        continue;
                    }
                    var attached = await AttachedCaptionAsync(videoKey, language, ct);
                    var hash = await MediaLibrary.HashFileAsync(path, ct);
                    if (attached is not null && attached.Value.Hash == hash)
                    {
                        captions[language] = attached.Value.Key;
                    }
                    else
                    {
                        var (asset, refusal) = await library.AddCaptionsAsync(videoKey, language, path, actor, ct);
                        if (asset is null)
                        {
                            errors.Add(new(file, line, $"block '{block.Id}': {reference}: {refusal!.Reason}"));
                            continue;
                        }
                        captions[language] = asset.Key;
                        if (attached is null)
                        {
                            added.Add(asset.Key);
                        }
                    }
                    captionKeys.Add(captions[language]);
                }
                return video with { Media = videoKey, Captions = captions };
            default:
                return block;
        }
    }

    private async Task<(string Key, string Hash)?> AttachedCaptionAsync(string videoKey, string language, CancellationToken ct)
    {
        var video = await db.MediaAssets.AsNoTracking().FirstAsync(a => a.Key == videoKey, ct);
        if (!video.Captions.TryGetValue(language, out var key))
        {
            return null;
        }
        var hash = await db.MediaAssets.AsNoTracking().Where(a => a.Key == key).Select(a => a.ContentHash).FirstOrDefaultAsync(ct);
        return hash is null ? null : (key, hash);
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

    private static bool IsFileReference(string reference) => reference.StartsWith("media/", StringComparison.Ordinal);

    /// <summary>One file directly in the program's media folder: no further folder, no way out of it ("media/../x").</summary>
    private static bool IsInMediaFolder(string reference)
    {
        var name = reference["media/".Length..];
        return name.Length > 0 && name is not ("." or "..") && name.IndexOfAny(['/', '\\', '\0']) < 0;
    }
}
