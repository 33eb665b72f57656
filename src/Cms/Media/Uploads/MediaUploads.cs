using System.Collections.Concurrent;
using System.Security.Cryptography;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Media.Sniffing;
using ContentPlatform.Platform.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Media.Uploads;

/// <summary>Folders on local disk for uploads in progress and for processing work (never served, never in the store).</summary>
public sealed class MediaWorkFolders
{
    public MediaWorkFolders(IOptions<MediaOptions> options, IServiceProvider services)
    {
        var configured = options.Value.UploadPath;
        Uploads = !string.IsNullOrWhiteSpace(configured)
            ? Path.GetFullPath(configured)
            : Path.Combine(services.GetService<DataFolder>()?.Path ?? DatabaseSetup.ResolveDataPath(
                services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>()), "media-uploads");
        Work = Path.Combine(Uploads, "work");
        Directory.CreateDirectory(Uploads);
        Directory.CreateDirectory(Work);
    }

    public string Uploads { get; }
    public string Work { get; }

    public string PartFile(string uploadId) => Path.Combine(Uploads, uploadId + ".part");

    /// <summary>A fresh temporary file name for a single-request upload.</summary>
    public string NewTempFile() => Path.Combine(Uploads, "single-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) + ".part");
}

/// <summary>The state of an upload session as the API reports it: how many bytes arrived, so a client resumes from there.</summary>
public sealed record UploadStatus(string Id, string FileName, long Size, long Received, string? ReplaceKey);

/// <summary>
/// Restartable chunked uploads. A session is created with the file's name and size; chunks (Content-Range) are appended to
/// a temporary file, each starting exactly where the previous one ended; GET tells a client where to resume after a lost
/// connection. A chunk cut off half-way is cut back to the last complete chunk, and nothing reaches the store before
/// completion, when the whole file is sniffed, checked and stored. The request body is copied to disk as it arrives:
/// a 2 GB video never sits in memory.
/// </summary>
public sealed class MediaUploads(CmsDbContext db, MediaLibrary library, MediaSniffer sniffer, MediaWorkFolders folders,
    IOptions<MediaOptions> options, TimeProvider clock)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);

    /// <summary>The largest file of any kind: an upload declaring more is refused before a byte is sent.</summary>
    public long MaxBytes
    {
        get
        {
            var l = options.Value.Limits;
            return new[] { l.ImageBytes, l.AudioBytes, l.VideoBytes, l.DocumentBytes, l.CaptionsBytes }.Max();
        }
    }

    public async Task<(UploadStatus? Upload, MediaRefusal? Refusal)> CreateAsync(string fileName, long size, string? replaceKey,
        string actor, CancellationToken ct = default)
    {
        if (MediaRefusal.ForFileName(fileName, out fileName) is { } badName)
        {
            return (null, badName);
        }
        if (size <= 0)
        {
            return (null, new MediaRefusal(SniffRefusal.Empty, "The file is empty.", StatusCodes.Status400BadRequest));
        }
        if (size > MaxBytes)
        {
            return (null, new MediaRefusal(SniffRefusal.TooLarge,
                $"The file is {size / (1024 * 1024)} MB; no file may be larger than {MaxBytes / (1024 * 1024)} MB.",
                StatusCodes.Status413PayloadTooLarge));
        }
        if (replaceKey is not null && !await db.MediaAssets.AnyAsync(a => a.Key == replaceKey, ct))
        {
            return (null, new MediaRefusal("not-found", $"There is no media '{replaceKey}' to replace.", StatusCodes.Status404NotFound));
        }
        var now = clock.GetUtcNow();
        var upload = new MediaUpload
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), FileName = fileName, Size = size, ReplaceKey = replaceKey,
            CreatedBy = actor, CreatedAt = now, TouchedAtMs = now.ToUnixTimeMilliseconds(),
        };
        await File.WriteAllBytesAsync(folders.PartFile(upload.Id), [], ct);
        db.MediaUploads.Add(upload);
        await db.SaveChangesAsync(ct);
        return (ToStatus(upload), null);
    }

    public async Task<UploadStatus?> GetAsync(string id, string actor, CancellationToken ct = default)
    {
        var upload = await db.MediaUploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.CreatedBy == actor, ct);
        return upload is null ? null : ToStatus(upload);
    }

    /// <summary>
    /// Appends bytes <paramref name="start"/>..(<paramref name="end"/>) to the session. <paramref name="start"/> must be
    /// exactly the received count; a client that lost track asks <see cref="GetAsync"/> and resumes from there.
    /// </summary>
    public async Task<(UploadStatus? Upload, MediaRefusal? Refusal)> AppendAsync(string id, long start, long? end, long? total,
        Stream body, string actor, CancellationToken ct = default)
    {
        var gate = Locks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0, ct))
        {
            return (null, new MediaRefusal("busy", "Another chunk of this upload is being received; send one chunk at a time.",
                StatusCodes.Status409Conflict));
        }
        try
        {
            var upload = await db.MediaUploads.FirstOrDefaultAsync(u => u.Id == id && u.CreatedBy == actor, ct);
            if (upload is null)
            {
                return (null, new MediaRefusal("not-found", "There is no such upload (it may have expired).", StatusCodes.Status404NotFound));
            }
            if (total is { } t && t != upload.Size)
            {
                return (null, new MediaRefusal("size-mismatch", $"The upload was started for {upload.Size} bytes, not {t}.",
                    StatusCodes.Status400BadRequest));
            }
            if (start != upload.Received)
            {
                return (ToStatus(upload), new MediaRefusal("offset-mismatch",
                    $"{upload.Received} bytes have been received; send the chunk that starts there.", StatusCodes.Status409Conflict));
            }
            var expected = end is { } e ? e - start + 1 : upload.Size - start;
            if (expected <= 0 || start + expected > upload.Size)
            {
                return (ToStatus(upload), new MediaRefusal("bad-range", $"The chunk must lie within the {upload.Size}-byte file.",
                    StatusCodes.Status416RangeNotSatisfiable));
            }

            var path = folders.PartFile(id);
            long written = 0;
            await using (var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1 << 16))
            {
                // Whatever a cut-off chunk left after the last complete one is dropped here.
                file.SetLength(upload.Received);
                file.Position = upload.Received;
                try
                {
                    written = await CopyAtMostAsync(body, file, expected + 1, ct);
                    await file.FlushAsync(ct);
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
                {
                    file.SetLength(upload.Received);
                    throw;
                }
                if (written != expected)
                {
                    file.SetLength(upload.Received);
                    return (ToStatus(upload), new MediaRefusal("incomplete-chunk",
                        $"The chunk should have {expected} bytes but {written} arrived; send it again from byte {upload.Received}.",
                        StatusCodes.Status400BadRequest));
                }
            }

            if (start == 0 && FirstChunkRefusal(path, upload.Size) is { } refusal)
            {
                // Refused on its first bytes (an HTML page called .mp4, a program): no need to send the rest.
                await DiscardAsync(upload, ct);
                return (null, refusal);
            }
            upload.Received += written;
            upload.TouchedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
            await db.SaveChangesAsync(ct);
            return (ToStatus(upload), null);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Checks the whole file and turns it into an asset (or refuses it); the session ends either way.</summary>
    public async Task<(MediaAsset? Asset, MediaRefusal? Refusal)> CompleteAsync(string id, string actor, CancellationToken ct = default)
    {
        var upload = await db.MediaUploads.FirstOrDefaultAsync(u => u.Id == id && u.CreatedBy == actor, ct);
        if (upload is null)
        {
            return (null, new MediaRefusal("not-found", "There is no such upload (it may have expired).", StatusCodes.Status404NotFound));
        }
        if (upload.Received != upload.Size)
        {
            return (null, new MediaRefusal("incomplete",
                $"{upload.Received} of {upload.Size} bytes have arrived; send the rest before completing.", StatusCodes.Status409Conflict));
        }
        try
        {
            return await library.IngestAsync(folders.PartFile(id), upload.FileName, actor, upload.ReplaceKey, ct: ct);
        }
        finally
        {
            await DiscardAsync(upload, CancellationToken.None);
        }
    }

    public async Task<bool> CancelAsync(string id, string actor, CancellationToken ct = default)
    {
        var upload = await db.MediaUploads.FirstOrDefaultAsync(u => u.Id == id && u.CreatedBy == actor, ct);
        if (upload is null)
        {
            return false;
        }
        await DiscardAsync(upload, ct);
        return true;
    }

    /// <summary>
    /// One request, one file: the body (raw, or the first file of a multipart form) is streamed to a temporary file, then
    /// checked and stored like a completed chunked upload. For small files and scripts; large files should use chunks.
    /// </summary>
    public async Task<(MediaAsset? Asset, MediaRefusal? Refusal)> UploadSingleAsync(Stream content, string fileName, string? replaceKey,
        string actor, CancellationToken ct = default)
    {
        // Refused before a byte of the body is stored.
        if (MediaRefusal.ForFileName(fileName, out fileName) is { } badName)
        {
            return (null, badName);
        }
        var path = folders.NewTempFile();
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var written = await CopyAtMostAsync(content, file, MaxBytes + 1, ct);
                if (written > MaxBytes)
                {
                    return (null, new MediaRefusal(SniffRefusal.TooLarge,
                        $"No file may be larger than {MaxBytes / (1024 * 1024)} MB.", StatusCodes.Status413PayloadTooLarge));
                }
            }
            return await library.IngestAsync(path, fileName, actor, replaceKey, ct: ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Deletes sessions untouched for longer than Media:UploadExpiryHours, with their partial files.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow().AddHours(-options.Value.UploadExpiryHours).ToUnixTimeMilliseconds();
        var expired = await db.MediaUploads.Where(u => u.TouchedAtMs < cutoff).ToListAsync(ct);
        foreach (var upload in expired)
        {
            await DiscardAsync(upload, ct);
        }
        return expired.Count;
    }

    private SniffResult? SniffFile(string path, long declaredSize)
    {
        var head = new byte[MediaSniffer.HeadLength];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read < head.Length && read < declaredSize)
        {
            return null; // too little to judge yet
        }
        return sniffer.Sniff(head.AsSpan(0, read), declaredSize);
    }

    private MediaRefusal? FirstChunkRefusal(string path, long declaredSize) =>
        SniffFile(path, declaredSize) is { IsAllowed: false } r
            ? new MediaRefusal(r.RefusalCode!, r.Reason!,
                r.RefusalCode == SniffRefusal.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status422UnprocessableEntity)
            : null;

    private async Task DiscardAsync(MediaUpload upload, CancellationToken ct)
    {
        File.Delete(folders.PartFile(upload.Id));
        db.MediaUploads.Remove(upload);
        await db.SaveChangesAsync(ct);
        Locks.TryRemove(upload.Id, out _);
    }

    /// <summary>Copies until the source ends or <paramref name="limit"/> bytes were copied; returns the count.</summary>
    private static async Task<long> CopyAtMostAsync(Stream source, Stream target, long limit, CancellationToken ct)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int n;
            while (total < limit && (n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - total)), ct)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, n), ct);
                total += n;
            }
            return total;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static UploadStatus ToStatus(MediaUpload u) => new(u.Id, u.FileName, u.Size, u.Received, u.ReplaceKey);
}
