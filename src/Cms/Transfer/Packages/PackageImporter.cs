using System.IO.Compression;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Text;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Transfer.Packages;

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
public sealed class PackageImporter(CmsDbContext db, ProgramWorkflow workflow, MediaIntake intake, MediaLibrary library)
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
                var taken = item.IsNew ? await BringInAsync(zip, item.Media, keys, actor, ct) : new(item.ExistingKey, null, false);
                if (taken.Key is null)
                {
                    await intake.UndoAsync(added);
                    return new(null, "media-refused", $"{TextInput.Line(item.Media.FileName)}: {taken.Refusal}", false);
                }
                keys[item.Media.Key] = taken.Key;
                if (taken.Added)
                {
                    added.Add(taken.Key);
                }
            }
        }

        var program = MediaIntake.WithMediaKeys(package.Program, keys);
        var (draft, workflowError) = plan.Existing is null
            ? await workflow.CreateAsync(program, actor, ct)
            : await workflow.SaveAsync(program.Id, program, expectedVersion, actor, "imported package", ct);
        if (workflowError is not null)
        {
            db.ChangeTracker.Clear();
            await intake.UndoAsync(added);
            return new(null, "workflow-" + workflowError.Code, workflowError.Message, false);
        }
        return new(draft, null, null, plan.Existing is null);
    }

    /// <summary>A packaged file not here yet, taken in (with its texts), or captions attached to their video's key here.</summary>
    private async Task<MediaIntake.Taken> BringInAsync(ZipArchive? zip, PackageMedia media, Dictionary<string, string> keys, string actor,
        CancellationToken ct)
    {
        if (zip?.GetEntry(media.Entry) is not { } entry)
        {
            return Refused($"the file {media.Entry} is missing from the package");
        }
        // The name rule first: the package's name is untrusted, and its extension goes into a temporary file's name
        // (a NUL there made File.Create throw, an over-long one made the name too long for the file system).
        if (MediaRefusal.ForFileName(media.FileName, out var fileName) is { } badName)
        {
            return Refused(badName.Reason);
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
                return Refused("the file's content does not match the package's record of it (the package is damaged or was altered)");
            }
            if (media.CaptionsOf is { } video)
            {
                return keys.TryGetValue(video, out var videoKey) && media.Language is not null
                    ? await intake.AttachCaptionsAsync(videoKey, media.Language, path, actor, ct)
                    : Refused("a caption file whose video is not in the package");
            }
            var taken = await intake.TakeInAsync(path, fileName, actor, ct: ct);
            if (taken.Key is not null)
            {
                await library.UpdateTextsAsync(taken.Key, media.AltText.ToDictionary(t => t.Key, t => (string?)t.Value),
                    media.Transcript.ToDictionary(t => t.Key, t => (string?)t.Value), actor, ct);
            }
            return taken;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static MediaIntake.Taken Refused(string reason) => new(null, reason, false);
}
