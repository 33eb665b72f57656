namespace ContentPlatform.Cms.Media.Storage;

/// <summary>
/// Media in a folder: the blob at "&lt;root&gt;/&lt;key&gt;", its content type in "&lt;root&gt;/.meta/&lt;key&gt;". Uploads are
/// written to "&lt;root&gt;/.tmp" and renamed into place, and a rename within one file system is atomic, so a cut-off
/// upload never shows up under its key. Keys cannot start with '.', so the dot-folders never collide with media.
/// </summary>
public sealed class LocalMediaStore : IMediaStore
{
    private const string DefaultContentType = "application/octet-stream";
    private static readonly TimeSpan AbandonedTempAge = TimeSpan.FromDays(1);

    private readonly string _root;
    private readonly string _meta;
    private readonly string _temp;

    public LocalMediaStore(string rootPath)
    {
        _root = Path.GetFullPath(rootPath);
        _meta = Path.Combine(_root, ".meta");
        _temp = Path.Combine(_root, ".tmp");
        Directory.CreateDirectory(_temp);
        Directory.CreateDirectory(_meta);
        RemoveAbandonedTempFiles();
    }

    public string RootPath => _root;

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        MediaKey.EnsureValid(key);
        var dataTemp = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        var metaTemp = dataTemp + ".type";
        try
        {
            await using (var file = new FileStream(dataTemp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                             bufferSize: 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                // fsync before the rename: otherwise a power cut could leave the new name pointing at missing data.
                file.Flush(flushToDisk: true);
            }
            await File.WriteAllTextAsync(metaTemp, contentType, cancellationToken);

            var dataPath = DataPath(key);
            var metaPath = MetaPath(key);
            Directory.CreateDirectory(Path.GetDirectoryName(dataPath)!);
            Directory.CreateDirectory(Path.GetDirectoryName(metaPath)!);
            // The type moves first: a crash between the two renames leaves at worst a stray type file, never a visible
            // blob without one. The blob's own rename is the commit point.
            File.Move(metaTemp, metaPath, overwrite: true);
            File.Move(dataTemp, dataPath, overwrite: true);
        }
        finally
        {
            TryDelete(dataTemp);
            TryDelete(metaTemp);
        }
    }

    public Task<MediaReadResult?> OpenReadAsync(string key, ByteRange? range = null, CancellationToken cancellationToken = default)
    {
        MediaKey.EnsureValid(key);
        FileStream file;
        try
        {
            // FileShare.Delete: a reader streaming a video must not stop an editor from replacing or deleting it.
            file = new FileStream(DataPath(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<MediaReadResult?>(null);
        }

        try
        {
            var total = file.Length;
            var (start, count) = range is { } r ? r.Resolve(total) : (0, total);
            file.Seek(start, SeekOrigin.Begin);
            return Task.FromResult<MediaReadResult?>(
                new MediaReadResult(new BoundedReadStream(file, count), total, start, count, ReadContentType(key)));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public Task<MediaBlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        MediaKey.EnsureValid(key);
        var info = new FileInfo(DataPath(key));
        return Task.FromResult(info.Exists
            ? new MediaBlobInfo(key, info.Length, ReadContentType(key), info.LastWriteTimeUtc)
            : null);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(DataPath(MediaKey.EnsureValid(key))));

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        MediaKey.EnsureValid(key);
        var path = DataPath(key);
        var existed = File.Exists(path);
        File.Delete(path);
        File.Delete(MetaPath(key));
        return Task.FromResult(existed);
    }

    /// <summary>Always null: local media has no URL of its own, so the app streams it (with its own access checks).</summary>
    public Uri? GetDeliveryUrl(string key, TimeSpan lifetime, string? contentDisposition = null)
    {
        MediaKey.EnsureValid(key);
        return null;
    }

    private string DataPath(string key) => Path.Combine(_root, key);

    private string MetaPath(string key) => Path.Combine(_meta, key);

    private string ReadContentType(string key)
    {
        try
        {
            var type = File.ReadAllText(MetaPath(key)).Trim();
            return type.Length > 0 ? type : DefaultContentType;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return DefaultContentType;
        }
    }

    /// <summary>Temp files of a process that died mid-upload; a day is far longer than any upload, so none is in use.</summary>
    private void RemoveAbandonedTempFiles()
    {
        foreach (var file in new DirectoryInfo(_temp).EnumerateFiles())
        {
            if (DateTime.UtcNow - file.LastWriteTimeUtc > AbandonedTempAge)
            {
                TryDelete(file.FullName);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is invisible and is removed at the next start-up.
        }
    }
}
