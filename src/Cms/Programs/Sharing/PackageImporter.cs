using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Reflection;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Text;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Programs.Sharing;

/// <summary>What applying a package will do, shown before anything is written.</summary>
public sealed record PackagePlan(ProgramPackage Package, ProgramDraft? Existing, IReadOnlyList<MediaPlan> Media);

/// <summary>A media file of the package: "new" (added to the library) or "same" (an identical file is already here).</summary>
public sealed record MediaPlan(PackageMedia Media, string? ExistingKey)
{
    public bool IsNew => ExistingKey is null;
}

public sealed record PackageOutcome(ProgramDraft? Draft, string? Error, string? Detail, bool Created);

/// <summary>
/// Takes a package into this installation: media first (identical files are reused, new ones go through the media
/// library's content checks and processing), then the program as a draft whose media references point at this
/// installation's keys. All or nothing: if a file is refused or the draft cannot be saved, media added by this import
/// are removed again and the library is as it was.
/// </summary>
public sealed class PackageImporter(CmsDbContext db, ProgramWorkflow workflow, MediaLibrary library)
{
    public async Task<PackagePlan> PlanAsync(ProgramPackage package, CancellationToken ct = default)
    {
        var existing = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == package.Program.Id, ct);
        var hashes = package.Media.Select(m => m.ContentHash).Distinct().ToList();
        var here = hashes.Count == 0 ? []
            : await db.MediaAssets.AsNoTracking().Where(a => hashes.Contains(a.ContentHash)).Select(a => new { a.ContentHash, a.Key, a.Language })
                .ToListAsync(ct);
        var media = package.Media.Select(m => new MediaPlan(m,
            here.FirstOrDefault(h => h.ContentHash == m.ContentHash && (h.Language is null) == (m.CaptionsOf is null))?.Key)).ToList();
        return new PackagePlan(package, existing, media);
    }

    /// <summary>Applies the package read from <paramref name="file"/> (a zip, or format 1's JSON).</summary>
    public async Task<PackageOutcome> ApplyAsync(string file, string actor, int? expectedVersion, CancellationToken ct = default)
    {
        await using var input = File.OpenRead(file);
        var (package, error, detail) = ProgramPackage.Read(input);
        if (package is null)
        {
            return new(null, error, detail, false);
        }
        var plan = await PlanAsync(package, ct);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var added = new List<string>();
        input.Position = 0;
        using (var zip = plan.Media.Any(m => m.IsNew) ? new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true) : null)
        {
            // Videos before their captions: a caption file is attached to the video's key in this installation.
            foreach (var item in plan.Media.OrderBy(m => m.Media.CaptionsOf is null ? 0 : 1))
            {
                var (key, refusal) = await BringInAsync(zip, item, keys, library, actor, ct);
                if (key is null)
                {
                    await UndoAsync(added, library);
                    return new(null, "media-refused", $"{TextInput.Line(item.Media.FileName)}: {refusal}", false);
                }
                keys[item.Media.Key] = key;
                if (item.IsNew)
                {
                    added.Add(key);
                }
            }
        }

        var program = WithMediaKeys(package.Program, keys);
        var (draft, workflowError) = plan.Existing is null
            ? await workflow.CreateAsync(program, actor, ct)
            : await workflow.SaveAsync(program.Id, program, expectedVersion, actor, "imported package", ct);
        if (workflowError is not null)
        {
            db.ChangeTracker.Clear();
            await UndoAsync(added, library);
            return new(null, "workflow-" + workflowError.Code, workflowError.Message, false);
        }
        return new(draft, null, null, plan.Existing is null);
    }

    /// <summary>This installation's key for one packaged file: the identical file already here, or the file taken in.</summary>
    private static async Task<(string? Key, string? Refusal)> BringInAsync(ZipArchive? zip, MediaPlan item, Dictionary<string, string> keys,
        MediaLibrary library, string actor, CancellationToken ct)
    {
        if (!item.IsNew)
        {
            return (item.ExistingKey, null);
        }
        var media = item.Media;
        if (zip?.GetEntry(media.Entry) is not { } entry)
        {
            return (null, $"the file {media.Entry} is missing from the package");
        }
        // The name rule first: the package's name is untrusted, and its extension goes into a temporary file's name
        // (a NUL there made File.Create throw, an over-long one made the name too long for the file system).
        if (MediaRefusal.ForFileName(media.FileName, out var fileName) is { } badName)
        {
            return (null, badName.Reason);
        }
        var path = Path.Combine(Path.GetTempPath(), $"package-media-{Guid.NewGuid():N}{Path.GetExtension(fileName)}");
        try
        {
            await using (var source = entry.Open())
            await using (var target = File.Create(path))
            {
                await source.CopyToAsync(target, ct);
            }
            if (await MediaLibrary.HashFileAsync(path, ct) != media.ContentHash)
            {
                return (null, "the file's content does not match the package's record of it (the package is damaged or was altered)");
            }
            if (media.CaptionsOf is { } video)
            {
                if (!keys.TryGetValue(video, out var videoKey) || media.Language is null)
                {
                    return (null, "a caption file whose video is not in the package");
                }
                var (captions, captionRefusal) = await library.AddCaptionsAsync(videoKey, media.Language, path, actor, ct);
                return (captions?.Key, captionRefusal?.Reason);
            }
            var (asset, refusal) = await library.IngestAsync(path, fileName, actor, ct: ct);
            if (asset is null)
            {
                return (null, refusal!.Reason);
            }
            await library.UpdateTextsAsync(asset.Key, media.AltText.ToDictionary(t => t.Key, t => (string?)t.Value),
                media.Transcript.ToDictionary(t => t.Key, t => (string?)t.Value), actor, ct);
            return (asset.Key, null);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task UndoAsync(List<string> added, MediaLibrary library)
    {
        // Captions were added last; remove them first so their video is no longer referenced.
        for (var i = added.Count - 1; i >= 0; i--)
        {
            await library.DeleteAsync(added[i], CancellationToken.None);
        }
    }

    /// <summary>The program with every media reference (fields marked [MediaField]) mapped to this installation's keys.</summary>
    public static ProgramContent WithMediaKeys(ProgramContent program, IReadOnlyDictionary<string, string> keys)
    {
        if (keys.Count == 0 || keys.All(k => k.Key == k.Value))
        {
            return program;
        }
        return program with
        {
            Modules = program.Modules.Select(m => m with
            {
                Pages = m.Pages.Select(p => p with { Blocks = p.Blocks.Select(b => Rewrite(b, keys)).ToList() }).ToList(),
            }).ToList(),
            Cover = program.Cover is { } cover && keys.TryGetValue(cover.Media, out var coverKey) ? cover with { Media = coverKey } : program.Cover,
        };
    }

    private static Block Rewrite(Block block, IReadOnlyDictionary<string, string> keys)
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
                case JsonValue value when value.TryGetValue<string>(out var key) && keys.TryGetValue(key, out var mapped):
                    json[field] = mapped;
                    break;
                case JsonObject perLanguage:
                    foreach (var (language, node) in perLanguage.ToList())
                    {
                        if (node is JsonValue v && v.TryGetValue<string>(out var k) && keys.TryGetValue(k, out var m))
                        {
                            perLanguage[language] = m;
                        }
                    }
                    break;
            }
        }
        return json.Deserialize<Block>(ContractJson.Options)!;
    }
}
