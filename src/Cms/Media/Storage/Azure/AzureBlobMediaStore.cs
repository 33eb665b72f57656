using System.Buffers;
using System.Text;
using Azure;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;

namespace ContentPlatform.Cms.Media.Storage.Azure;

/// <summary>
/// Media in an Azure Blob Storage container through Azure.Storage.Blobs (Azurite in development and tests, the same code
/// against Azure). Uploads go up as 4 MiB staged blocks and become the blob only when the block list is committed;
/// uncommitted blocks are invisible and Azure discards them after a week, so a cut-off upload leaves no half-file and an
/// existing blob stays intact until the new one is complete. Retries are the SDK's own policy, set from our settings
/// (<see cref="AzureBlobClients"/>).
/// </summary>
public sealed class AzureBlobMediaStore : IMediaStore, IDisposable
{
    /// <summary>
    /// One block is read from disk while the previous one goes up, so at most two are in memory per upload; 4 MiB keeps the
    /// request count low (a 2 GB video is ≈500 blocks, far below the 50,000-block limit) while each request stays short
    /// enough to retry.
    /// </summary>
    internal const int BlockSize = 4 * 1024 * 1024;

    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _containerLock = new(1, 1);
    private volatile bool _containerReady;

    /// <param name="http">Not owned; give it no BaseAddress and a long-lived handler. The SDK sends every request through it.</param>
    public AzureBlobMediaStore(HttpClient http, AzureBlobOptions options, TimeProvider? time = null, ILogger<AzureBlobMediaStore>? logger = null)
    {
        _time = time ?? TimeProvider.System;
        Clients = new AzureBlobClients(options, new HttpClientTransport(http), _time,
            logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        _container = Clients.Service.GetBlobContainerClient(options.Container);
    }

    /// <summary>The SDK clients as the settings made them (how it signs in, its retry policy).</summary>
    internal AzureBlobClients Clients { get; }

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        MediaKey.EnsureValid(key);
        await EnsureContainerAsync(cancellationToken);
        var blob = _container.GetBlockBlobClient(key);
        var headers = new BlobHttpHeaders { ContentType = contentType };
        var current = ArrayPool<byte>.Shared.Rent(BlockSize);
        byte[]? next = null;
        try
        {
            var filled = await FillAsync(content, current, cancellationToken);
            if (filled < BlockSize)
            {
                // Small media fits one Put Blob, which is atomic on its own.
                using var small = new MemoryStream(current, 0, filled, writable: false);
                await Call(() => blob.UploadAsync(small, new BlobUploadOptions { HttpHeaders = headers }, cancellationToken));
                return;
            }

            // All block ids of a blob must have the same length; a fresh upload id keeps two concurrent uploads of the
            // same key from committing each other's blocks.
            var uploadId = Guid.NewGuid().ToString("N");
            var blockIds = new List<string>();
            next = ArrayPool<byte>.Shared.Rent(BlockSize);
            while (filled > 0)
            {
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{uploadId}-{blockIds.Count:D6}"));
                // A seekable body: the SDK rewinds it for a retry, which sends the same bytes under the same id (Put Block
                // is idempotent).
                var staging = StageAsync(blob, blockId, current, filled, cancellationToken);
                int following;
                try
                {
                    following = await FillAsync(content, next, cancellationToken);
                }
                finally
                {
                    // Never leave a block in flight over a buffer that goes back to the pool.
                    await Observe(staging);
                }
                await staging;
                blockIds.Add(blockId);
                (current, next) = (next, current);
                filled = following;
            }

            // Committing the same list again gives the same blob, so the SDK may retry Put Block List too.
            await Call(() => blob.CommitBlockListAsync(blockIds, new CommitBlockListOptions { HttpHeaders = headers }, cancellationToken));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            if (next is not null)
            {
                ArrayPool<byte>.Shared.Return(next);
            }
        }
    }

    public async Task<MediaReadResult?> OpenReadAsync(string key, ByteRange? range = null, CancellationToken cancellationToken = default)
    {
        MediaKey.EnsureValid(key);
        var blob = _container.GetBlobClient(key);
        var options = new BlobDownloadOptions();
        if (range is { } r)
        {
            options.Range = new HttpRange(r.Offset, r.Length);
        }
        Response<BlobDownloadStreamingResult> response;
        try
        {
            response = await blob.DownloadStreamingAsync(options, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            var total = (await GetInfoAsync(key, cancellationToken))?.Length ?? -1;
            throw new MediaRangeNotSatisfiableException(range!.Value.Offset, total);
        }
        catch (Exception e) when (Failure(e, "GET", key) is { } failure)
        {
            throw failure;
        }

        var result = response.Value;
        var details = result.Details;
        var contentType = details.ContentType ?? "application/octet-stream";
        var length = details.ContentLength;
        Stream body = result.Content;
        try
        {
            var partial = response.GetRawResponse().Status == 206 ? ContentRange(details.ContentRange) : null;
            if (range is { } r2 && r2.Offset >= (partial?.Total ?? length))
            {
                // Azure says 416; Azurite may answer an empty 206 or the whole blob instead. The same refusal from both.
                throw new MediaRangeNotSatisfiableException(r2.Offset, partial?.Total ?? length);
            }
            if (partial is not null)
            {
                return new MediaReadResult(body, partial.Value.Total, partial.Value.Start, length, contentType);
            }
            if (range is { } asked)
            {
                // A 200 to a ranged request is the whole blob: Azurite answers an unsatisfiable range that way (Azure
                // says 416). Apply the range here so callers see the same behaviour from both.
                var (start, count) = asked.Resolve(length);
                await SkipAsync(body, start, cancellationToken);
                return new MediaReadResult(new BoundedReadStream(body, count), length, start, count, contentType);
            }
            return new MediaReadResult(body, length, 0, length, contentType);
        }
        catch
        {
            await body.DisposeAsync();
            throw;
        }
    }

    public async Task<MediaBlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        MediaKey.EnsureValid(key);
        try
        {
            BlobProperties properties = await _container.GetBlobClient(key).GetPropertiesAsync(cancellationToken: cancellationToken);
            return new MediaBlobInfo(key, properties.ContentLength, properties.ContentType ?? "application/octet-stream",
                properties.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (Exception e) when (Failure(e, "HEAD", key) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await GetInfoAsync(key, cancellationToken) is not null;

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        MediaKey.EnsureValid(key);
        // A retried delete whose first try went through (the answer was lost) finds nothing: reported as "nothing to
        // delete", which leaves the store in the state asked for.
        return await Call(() => _container.GetBlobClient(key).DeleteIfExistsAsync(cancellationToken: cancellationToken), key);
    }

    public Uri? GetDeliveryUrl(string key, TimeSpan lifetime, string? contentDisposition = null)
    {
        MediaKey.EnsureValid(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        // Whole seconds, rounded up, so the URL lives at least as long as asked.
        var expires = _time.GetUtcNow() + lifetime;
        expires = expires.AddTicks(TimeSpan.TicksPerSecond - (expires.Ticks % TimeSpan.TicksPerSecond));
        return SignedUrl(key, expires, contentDisposition);
    }

    public void Dispose() => _containerLock.Dispose();

    /// <summary>A read-only delivery URL for one blob with an exact expiry (tests use one already in the past).</summary>
    internal Uri SignedUrl(string key, DateTimeOffset expiresOn, string? contentDisposition = null)
    {
        var blob = _container.GetBlobClient(key);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn)
        {
            BlobContainerName = _container.Name,
            BlobName = key,
            Resource = "b",
            // Plain http only where the endpoint is (Azurite); Azure URLs are https-only.
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
            // Makes Azure answer a document as a download, as the Cms itself does; the signature covers it.
            ContentDisposition = contentDisposition,
        };
        return Clients.Sign(blob, sas);
    }

    /// <summary>Creates the container and the CORS rule playback needs, if missing (the Cms does this at start-up too).</summary>
    public Task PrepareAsync(CancellationToken cancellationToken = default) => EnsureContainerAsync(cancellationToken);

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady)
        {
            return;
        }
        await _containerLock.WaitAsync(cancellationToken);
        try
        {
            if (!_containerReady)
            {
                await Call(() => _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken), _container.Name);
                await Clients.EnsureCorsAsync(cancellationToken);
                _containerReady = true;
            }
        }
        finally
        {
            _containerLock.Release();
        }
    }

    private static async Task StageAsync(BlockBlobClient blob, string blockId, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        using var block = new MemoryStream(buffer, 0, length, writable: false);
        await Call(() => blob.StageBlockAsync(blockId, block, new BlockBlobStageBlockOptions(), cancellationToken), blob.Name);
    }

    private static async Task Observe(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Awaited again by the caller when it matters; here only its end is waited for.
        }
    }

    private static async Task<T> Call<T>(Func<Task<T>> call, string? key = null)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (Failure(e, null, key) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// The SDK's failures as our own, with a reason an operator can act on: the status and error code the service gave,
    /// or — once the SDK's retries are spent — that the service could not be reached at all. Null for anything else.
    /// </summary>
    internal static MediaStoreException? Failure(Exception e, string? operation, string? key)
    {
        var what = key is null ? "" : $" for '{key}'";
        switch (e)
        {
            case RequestFailedException { Status: > 0 } r:
                return new MediaStoreException(
                    $"Azure Blob Storage answered {r.Status}{(r.ErrorCode is null ? "" : " " + r.ErrorCode)}{what}{(operation is null ? "" : $" ({operation})")}: " +
                    FirstLine(r.Message), r.Status, r.ErrorCode, r);
            case RequestFailedException r:
                return new MediaStoreException($"Azure Blob Storage could not be reached{what}: {FirstLine(r.Message)}", inner: r);
            case AggregateException a when a.InnerExceptions.All(i => i is RequestFailedException):
                // The SDK's retry policy gave up: every try failed before the service answered.
                return new MediaStoreException(
                    $"Azure Blob Storage could not be reached{what} after {a.InnerExceptions.Count} tries " +
                    $"(Media:Azure:MaxRetries): {FirstLine(a.InnerExceptions[^1].Message)}", inner: a);
            default:
                return null;
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>"bytes 100-199/1000" → start 100 of 1000.</summary>
    private static (long Start, long Total)? ContentRange(string? header)
    {
        if (header is null || !header.StartsWith("bytes ", StringComparison.Ordinal))
        {
            return null;
        }
        var dash = header.IndexOf('-', StringComparison.Ordinal);
        var slash = header.IndexOf('/', StringComparison.Ordinal);
        return dash > 6 && slash > dash &&
               long.TryParse(header.AsSpan(6, dash - 6), System.Globalization.CultureInfo.InvariantCulture, out var start) &&
               long.TryParse(header.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture, out var total)
            ? (start, total)
            : null;
    }

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
            if (n == 0)
            {
                throw new MediaStoreException("The blob ended before the requested range.");
            }
            count -= n;
        }
    }

    /// <summary>Reads until the buffer is full or the stream ends, so every block but the last is exactly BlockSize.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < BlockSize)
        {
            var n = await content.ReadAsync(buffer.AsMemory(filled, BlockSize - filled), cancellationToken);
            if (n == 0)
            {
                break;
            }
            filled += n;
        }
        return filled;
    }
}
