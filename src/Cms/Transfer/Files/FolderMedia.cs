using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Text;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Transfer.Files;

/// <summary>
/// Brings a program folder's media files (media/…, referenced by its blocks) into the media library and rewrites the
/// references to library keys. Idempotent: a file already in the library with the same content keeps its asset; a
/// changed file replaces the asset's file under the same key. Video captions are attached to their video.
/// </summary>
public sealed class FolderMedia(CmsDbContext db, MediaIntake intake)
{
    /// <summary>The program with library keys, the problems, and the assets it uses; <paramref name="Added"/> are the ones this
    /// call created (removed again by <see cref="MediaIntake.UndoAsync"/> when the import is refused).</summary>
    public sealed record Result(ProgramContent Content, IReadOnlyList<ContentFileError> Errors, IReadOnlyList<string> AssetKeys,
        IReadOnlyList<string> Added);

    public async Task<Result> BringInAsync(ProgramFolder folder, string actor, CancellationToken ct = default)
    {
        var errors = new List<ContentFileError>();
        var keys = new Dictionary<string, string>(StringComparer.Ordinal); // "media/x" → asset key
        var captionKeys = new Dictionary<(string Block, string Reference), string>(); // a video's "media/x.vtt" → captions key
        var added = new List<string>();
        var program = folder.Content;
        foreach (var (_, _, block) in program.AllBlocks().ToList())
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
                // A folder's file is its asset by name: the same content keeps the asset, a changed file replaces its file.
                var hash = await MediaLibrary.HashFileAsync(path, ct);
                var existing = await db.MediaAssets.AsNoTracking().Where(a => a.FileName == name).Select(a => new { a.Key, a.ContentHash })
                    .FirstOrDefaultAsync(ct);
                if (existing is not null && existing.ContentHash == hash)
                {
                    keys[reference] = existing.Key;
                    continue;
                }
                var taken = await intake.TakeInAsync(path, name, actor, existing?.Key, ct);
                if (taken.Key is null)
                {
                    errors.Add(new(file, line, $"block '{block.Id}': {TextInput.Line(reference)}: {taken.Refusal}"));
                    continue;
                }
                keys[reference] = taken.Key;
                if (taken.Added)
                {
                    added.Add(taken.Key);
                }
            }
            if (block is VideoBlock video && keys.TryGetValue(video.Media, out var videoKey))
            {
                await AttachCaptionsAsync(folder, video, videoKey, captionKeys, added, errors, actor, ct);
            }
        }
        if (errors.Count > 0)
        {
            await intake.UndoAsync(added); // refused: nothing of this import stays in the library
            added.Clear();
        }
        var content = MediaIntake.WithMediaKeys(program,
            (block, reference) => captionKeys.GetValueOrDefault((block.Id, reference)) ?? keys.GetValueOrDefault(reference));
        return new Result(content, errors, keys.Values.Concat(captionKeys.Values).Distinct().ToList(), added);
    }

    private async Task AttachCaptionsAsync(ProgramFolder folder, VideoBlock video, string videoKey,
        Dictionary<(string, string), string> captionKeys, List<string> added, List<ContentFileError> errors, string actor, CancellationToken ct)
    {
        foreach (var (language, reference) in video.Captions)
        {
            if (!IsFileReference(reference))
            {
                continue;
            }
            var path = Path.Combine(folder.Folder, reference);
            var (file, line) = folder.Sources.TryGetValue(video.Id, out var source) ? source : (folder.Folder, 0);
            if (!IsInMediaFolder(reference) || !File.Exists(path))
            {
                errors.Add(new(file, line, $"block '{video.Id}': captions for {language} refer to {reference}, which is not in the program folder"));
                continue;
            }
            var taken = await intake.AttachCaptionsAsync(videoKey, language, path, actor, ct);
            if (taken.Key is null)
            {
                errors.Add(new(file, line, $"block '{video.Id}': {reference}: {taken.Refusal}"));
                continue;
            }
            captionKeys[(video.Id, reference)] = taken.Key;
            if (taken.Added)
            {
                added.Add(taken.Key);
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
