using System.Security.Cryptography;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Captions;
using ContentPlatform.Cms.Media.Processing;
using ContentPlatform.Cms.Media.Sniffing;
using ContentPlatform.Cms.Media.Storage;
using Microsoft.EntityFrameworkCore;
using ContentPlatform.Contract.Text;

namespace ContentPlatform.Cms.Media.Library;

/// <summary>
/// Why the library refused something: a stable <see cref="Code"/> for clients, a reason a person can act on, the HTTP
/// status to answer with, and for caption files the problems with their line numbers.
/// </summary>
public sealed record MediaRefusal(string Code, string Reason, int Status = StatusCodes.Status422UnprocessableEntity,
    IReadOnlyList<VttProblem>? Lines = null)
{
    /// <summary>
    /// The one file-name rule of every upload path (single, multipart, chunked, package import, content import, captions):
    /// <see cref="TextInput.FileName"/>. Null and the cleaned name when it passes.
    /// </summary>
    public static MediaRefusal? ForFileName(string? raw, out string name)
    {
        (name, var problem) = TextInput.FileName(raw);
        return problem switch
        {
            FileNameProblem.Empty => new("invalid-name", "Give the file's name: it has no visible characters.", StatusCodes.Status400BadRequest),
            FileNameProblem.TooLong => new("invalid-name", $"The file's name is longer than {TextInput.MaxFileNameLength} characters.",
                StatusCodes.Status400BadRequest),
            _ => null,
        };
    }
}

/// <summary>
/// The media library's operations: turning a fully received file into an asset (sniffed, hashed, stored, queued for
/// processing), captions, texts, and deletion. The API and the pages both call these, so the rules live in one place.
/// </summary>
public sealed class MediaLibrary(CmsDbContext db, IMediaStore store, MediaSniffer sniffer, MediaJobSignal jobs,
    MediaUsage usage, TimeProvider clock)
{
    /// <summary>
    /// Checks the file at <paramref name="path"/> by its content and stores it as a new asset, or as the new file of
    /// <paramref name="replaceKey"/> (same key, so every reference follows). Video, audio and images get a processing job.
    /// The file at <paramref name="path"/> is the caller's to delete.
    /// </summary>
    public async Task<(MediaAsset? Asset, MediaRefusal? Refusal)> IngestAsync(string path, string fileName, string actor,
        string? replaceKey = null, string? captionLanguage = null, MediaKind? expectKind = null, CancellationToken ct = default)
    {
        if (MediaRefusal.ForFileName(fileName, out fileName) is { } badName)
        {
            return (null, badName);
        }
        var length = new FileInfo(path).Length;
        var head = new byte[MediaSniffer.HeadLength];
        int read;
        await using (var file = File.OpenRead(path))
        {
            read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        }
        var sniff = sniffer.Sniff(head.AsSpan(0, read), length);
        if (!sniff.IsAllowed)
        {
            return (null, new MediaRefusal(sniff.RefusalCode!, sniff.Reason!,
                sniff.RefusalCode == SniffRefusal.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status422UnprocessableEntity));
        }
        var format = sniff.Format!;
        if (expectKind is { } expected && format.Kind != expected)
        {
            return (null, new MediaRefusal("not-captions", "Captions must be a WebVTT (.vtt) file that starts with the line WEBVTT."));
        }
        if (format.Kind == MediaKind.Captions)
        {
            await using var file = File.OpenRead(path);
            var report = await WebVttValidator.ValidateAsync(file, ct);
            if (!report.IsValid)
            {
                return (null, new MediaRefusal("invalid-captions",
                    $"The caption file has {report.Problems.Count} problem(s); the first is on line {report.Problems[0].Line}: {report.Problems[0].Message}",
                    Lines: report.Problems));
            }
        }

        MediaAsset? asset = null;
        if (replaceKey is not null)
        {
            asset = await db.MediaAssets.Include(a => a.Renditions).FirstOrDefaultAsync(a => a.Key == replaceKey, ct);
            if (asset is null)
            {
                return (null, new MediaRefusal("not-found", $"There is no media '{replaceKey}' to replace.", StatusCodes.Status404NotFound));
            }
            if (asset.Kind != format.Kind)
            {
                return (null, new MediaRefusal("kind-mismatch",
                    $"'{asset.Key}' is {Describe(asset.Kind)}; a replacement must be {Describe(asset.Kind)} too, not {Describe(format.Kind)}."));
            }
        }

        var hash = await HashFileAsync(path, ct);
        var blobKey = MediaNames.BlobKey(hash, fileName, format.Extension);
        await PutFileAsync(blobKey, path, format.ContentType, ct);

        var now = clock.GetUtcNow();
        if (asset is null)
        {
            asset = new MediaAsset
            {
                Key = await UniqueKeyAsync(fileName, ct), FileName = "", ContentType = "", ContentHash = "", BlobKey = "",
                CreatedAt = now, CreatedBy = actor,
            };
            db.MediaAssets.Add(asset);
        }
        else
        {
            // Old blobs stay: published releases keep pointing at the URLs they were published with.
            asset.Renditions.Clear();
            asset.PosterBlobKey = null;
            asset.DurationSeconds = null;
            asset.Width = null;
            asset.Height = null;
        }
        asset.Kind = format.Kind;
        asset.FileName = Path.GetFileName(fileName);
        asset.ContentType = format.ContentType;
        asset.Bytes = length;
        asset.ContentHash = hash;
        asset.BlobKey = blobKey;
        asset.Language = format.Kind == MediaKind.Captions ? captionLanguage ?? asset.Language : null;
        asset.UpdatedAt = now;
        asset.UpdatedBy = actor;
        var needsProcessing = format.Kind is MediaKind.Video or MediaKind.Audio or MediaKind.Image;
        asset.Status = needsProcessing ? MediaStatus.Uploaded : MediaStatus.Ready;
        if (needsProcessing)
        {
            db.MediaJobs.Add(new MediaJob { AssetKey = asset.Key, State = MediaJobState.Pending, CreatedAt = now, CreatedBy = actor });
        }
        await db.SaveChangesAsync(ct);
        if (needsProcessing)
        {
            jobs.Wake();
        }
        return (asset, null);
    }

    /// <summary>Attaches a WebVTT file as <paramref name="language"/> captions of video <paramref name="videoKey"/>.</summary>
    public async Task<(MediaAsset? Captions, MediaRefusal? Refusal)> AddCaptionsAsync(string videoKey, string language, string path,
        string actor, CancellationToken ct = default)
    {
        var video = await db.MediaAssets.FirstOrDefaultAsync(a => a.Key == videoKey, ct);
        if (video is null)
        {
            return (null, new MediaRefusal("not-found", $"There is no media '{videoKey}'.", StatusCodes.Status404NotFound));
        }
        if (video.Kind != MediaKind.Video)
        {
            return (null, new MediaRefusal("not-a-video", $"Captions belong to videos; '{videoKey}' is {Describe(video.Kind)}."));
        }
        if (language is not { Length: >= 2 and <= 10 } || !language.All(char.IsAsciiLetterLower))
        {
            return (null, new MediaRefusal("invalid-language", $"'{language}' is not a language code such as nb or nn."));
        }
        var captions = video.Captions;
        var existing = captions.GetValueOrDefault(language);
        var existingAsset = existing is null ? null : await db.MediaAssets.FirstOrDefaultAsync(a => a.Key == existing, ct);
        var captionName = $"{video.Key}-captions-{language}.vtt";
        var (asset, refusal) = await IngestAsync(path, captionName, actor, existingAsset?.Key, language, MediaKind.Captions, ct);
        if (asset is null)
        {
            return (null, refusal);
        }
        captions[language] = asset.Key;
        video.Captions = captions;
        video.UpdatedAt = clock.GetUtcNow();
        video.UpdatedBy = actor;
        await db.SaveChangesAsync(ct);
        return (asset, null);
    }

    public async Task<MediaRefusal?> RemoveCaptionsAsync(string videoKey, string language, string actor, CancellationToken ct = default)
    {
        var video = await db.MediaAssets.FirstOrDefaultAsync(a => a.Key == videoKey, ct);
        if (video is null)
        {
            return new MediaRefusal("not-found", $"There is no media '{videoKey}'.", StatusCodes.Status404NotFound);
        }
        var captions = video.Captions;
        if (captions.Remove(language))
        {
            video.Captions = captions;
            video.UpdatedAt = clock.GetUtcNow();
            video.UpdatedBy = actor;
            await db.SaveChangesAsync(ct);
        }
        return null;
    }

    /// <summary>Sets alternative text and transcript per language; null leaves a text as it is, an empty text removes it.</summary>
    public async Task<MediaRefusal?> UpdateTextsAsync(string key, IDictionary<string, string?>? altText,
        IDictionary<string, string?>? transcript, string actor, CancellationToken ct = default)
    {
        var asset = await db.MediaAssets.FirstOrDefaultAsync(a => a.Key == key, ct);
        if (asset is null)
        {
            return new MediaRefusal("not-found", $"There is no media '{key}'.", StatusCodes.Status404NotFound);
        }
        if (altText is not null)
        {
            asset.AltText = Merge(asset.AltText, altText);
        }
        if (transcript is not null)
        {
            asset.Transcript = Merge(asset.Transcript, transcript);
        }
        asset.UpdatedAt = clock.GetUtcNow();
        asset.UpdatedBy = actor;
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Deletes an asset that nothing uses, and its blobs when no other asset shares them.</summary>
    public async Task<MediaRefusal?> DeleteAsync(string key, CancellationToken ct = default)
    {
        var asset = await db.MediaAssets.Include(a => a.Renditions).FirstOrDefaultAsync(a => a.Key == key, ct);
        if (asset is null)
        {
            return new MediaRefusal("not-found", $"There is no media '{key}'.", StatusCodes.Status404NotFound);
        }
        var uses = await usage.UsesOfAsync(key, ct);
        if (uses.Count > 0)
        {
            return new MediaRefusal("in-use",
                $"'{key}' is used in {uses.Count} place(s), e.g. {uses[0].OwnerSlug} › {uses[0].Location}; remove it there first.",
                StatusCodes.Status409Conflict);
        }
        var blobs = asset.Renditions.Select(r => r.BlobKey).Append(asset.BlobKey).Append(asset.PosterBlobKey)
            .OfType<string>().Distinct().ToList();
        db.MediaAssets.Remove(asset);
        await db.MediaJobs.Where(j => j.AssetKey == key).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        foreach (var blob in blobs)
        {
            var shared = await db.MediaAssets.AnyAsync(a => a.BlobKey == blob || a.PosterBlobKey == blob, ct) ||
                         await db.MediaRenditions.AnyAsync(r => r.BlobKey == blob, ct);
            if (!shared)
            {
                await store.DeleteAsync(blob, ct);
            }
        }
        return null;
    }

    /// <summary>Queues a failed job again (a new attempt from the start).</summary>
    public async Task<MediaRefusal?> RetryJobAsync(long jobId, string actor, CancellationToken ct = default)
    {
        var job = await db.MediaJobs.FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null)
        {
            return new MediaRefusal("not-found", $"There is no job {jobId}.", StatusCodes.Status404NotFound);
        }
        if (job.State != MediaJobState.Failed)
        {
            return new MediaRefusal("not-failed", $"Job {jobId} is {job.State.ToString().ToLowerInvariant()}; only a failed job can be retried.",
                StatusCodes.Status409Conflict);
        }
        job.State = MediaJobState.Pending;
        job.Error = null;
        job.Progress = 0;
        job.Attempts = 0;
        job.LeaseOwner = null;
        job.LeaseUntilMs = 0;
        job.FinishedAt = null;
        job.CreatedBy = actor;
        await db.MediaAssets.Where(a => a.Key == job.AssetKey)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, MediaStatus.Uploaded), ct);
        await db.SaveChangesAsync(ct);
        jobs.Wake();
        return null;
    }

    public static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }

    /// <summary>Stores a file under its content-hashed key; identical content already stored is not sent again.</summary>
    public async Task PutFileAsync(string blobKey, string path, string contentType, CancellationToken ct)
    {
        if (await store.ExistsAsync(blobKey, ct))
        {
            return;
        }
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        await store.PutAsync(blobKey, file, contentType, ct);
    }

    private async Task<string> UniqueKeyAsync(string fileName, CancellationToken ct)
    {
        while (true)
        {
            var key = MediaNames.NewAssetKey(fileName);
            if (!await db.MediaAssets.AnyAsync(a => a.Key == key, ct) && db.MediaAssets.Local.All(a => a.Key != key))
            {
                return key;
            }
        }
    }

    private static LocalizedText Merge(LocalizedText current, IDictionary<string, string?> changes)
    {
        foreach (var (language, text) in changes)
        {
            if (text is null)
            {
                continue;
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                current.Remove(language);
            }
            else
            {
                current[language] = text.Trim();
            }
        }
        return current;
    }

    private static string Describe(MediaKind kind) => kind switch
    {
        MediaKind.Image => "an image",
        MediaKind.Audio => "a sound file",
        MediaKind.Video => "a video",
        MediaKind.Document => "a document",
        _ => "a captions file",
    };
}
