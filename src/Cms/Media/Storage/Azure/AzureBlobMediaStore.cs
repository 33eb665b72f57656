using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace ContentPlatform.Cms.Media.Storage.Azure;

/// <summary>
/// Media in an Azure Blob Storage container over the REST API (Azurite in development and tests, the same code against
/// Azure). Uploads go up as 4 MiB blocks and become the blob only when the block list is committed; uncommitted blocks
/// are invisible and Azure discards them after a week, so a cut-off upload leaves no half-file and an existing blob
/// stays intact until the new one is complete.
/// </summary>
public sealed class AzureBlobMediaStore : IMediaStore, IDisposable
{
    /// <summary>The REST API version we speak; Azurite 3.37 and Azure both accept it.</summary>
    public const string ApiVersion = "2021-08-06";

    /// <summary>
    /// One block in memory at a time bounds memory per upload; 4 MiB keeps the request count low (a 2 GB video is ≈500
    /// blocks, far below the 50,000-block limit) while each request stays short enough to retry.
    /// </summary>
    internal const int BlockSize = 4 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly SharedKeySigner _signer;
    private readonly string _endpoint;
    private readonly string _container;
    private readonly bool _https;
    private readonly TimeProvider _time;
    private readonly AzureRetry _retry;
    private readonly SemaphoreSlim _containerLock = new(1, 1);
    private volatile bool _containerReady;

    /// <param name="http">Not owned; give it no BaseAddress and a long-lived handler.</param>
    public AzureBlobMediaStore(HttpClient http, AzureBlobOptions options, TimeProvider? time = null, ILogger<AzureBlobMediaStore>? logger = null)
    {
        _http = http;
        var account = options.AccountName ?? throw new ArgumentException("Media:Azure:AccountName is required.", nameof(options));
        _signer = new SharedKeySigner(account, Convert.FromBase64String(options.AccountKey ?? ""));
        _endpoint = (string.IsNullOrWhiteSpace(options.BlobEndpoint) ? $"https://{account}.blob.core.windows.net" : options.BlobEndpoint)
            .TrimEnd('/');
        _https = _endpoint.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        _container = options.Container;
        _time = time ?? TimeProvider.System;
        _retry = new AzureRetry(options, logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, _time);
    }

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        MediaKey.EnsureValid(key);
        await EnsureContainerAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            var filled = await FillAsync(content, buffer, cancellationToken);
            if (filled < BlockSize)
            {
                // Small media fits one Put Blob, which is atomic on its own.
                using var _ = await SendAsync(() =>
                {
                    var put = Request(HttpMethod.Put, BlobUri(key), new ByteArrayContent(buffer, 0, filled));
                    put.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                    put.Headers.Add("x-ms-blob-type", "BlockBlob");
                    return put;
                }, cancellationToken, HttpStatusCode.Created);
                return;
            }

            // All block ids of a blob must have the same length; a fresh upload id keeps two concurrent uploads of the
            // same key from committing each other's blocks.
            var uploadId = Guid.NewGuid().ToString("N");
            var blockIds = new List<string>();
            while (filled > 0)
            {
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{uploadId}-{blockIds.Count:D6}"));
                // A retried block goes up again under the same id with the same bytes: Put Block is idempotent.
                var length = filled;
                (await SendAsync(() => Request(HttpMethod.Put, BlobUri(key, $"comp=block&blockid={Uri.EscapeDataString(blockId)}"),
                    new ByteArrayContent(buffer, 0, length)), cancellationToken, HttpStatusCode.Created)).Dispose();
                blockIds.Add(blockId);
                filled = await FillAsync(content, buffer, cancellationToken);
            }

            var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
            foreach (var id in blockIds)
            {
                xml.Append("<Latest>").Append(id).Append("</Latest>");
            }
            xml.Append("</BlockList>");
            // Committing the same list again gives the same blob, so Put Block List may be retried too.
            var list = Encoding.UTF8.GetBytes(xml.ToString());
            (await SendAsync(() =>
            {
                var commit = Request(HttpMethod.Put, BlobUri(key, "comp=blocklist"), new ByteArrayContent(list));
                commit.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
                commit.Headers.Add("x-ms-blob-content-type", contentType);
                return commit;
            }, cancellationToken, HttpStatusCode.Created)).Dispose();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<MediaReadResult?> OpenReadAsync(string key, ByteRange? range = null, CancellationToken cancellationToken = default)
    {
        MediaKey.EnsureValid(key);
        var response = await SendOnceOrRetriedAsync(() =>
        {
            var request = Request(HttpMethod.Get, BlobUri(key));
            if (range is { } r)
            {
                var end = r.Length is { } l ? (r.Offset + l - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
                request.Headers.Add("x-ms-range", $"bytes={r.Offset}-{end}");
            }
            return request;
        }, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                response.Dispose();
                return null;
            }
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                var total = response.Content.Headers.ContentRange?.Length ?? -1;
                response.Dispose();
                throw new MediaRangeNotSatisfiableException(range!.Value.Offset, total);
            }
            await EnsureSuccessAsync(response, cancellationToken);

            var headers = response.Content.Headers;
            var contentType = headers.ContentType?.ToString() ?? "application/octet-stream";
            var length = headers.ContentLength ?? 0;
            Stream body = new ResponseStream(await response.Content.ReadAsStreamAsync(cancellationToken), response);
            if (response.StatusCode == HttpStatusCode.PartialContent && headers.ContentRange is { From: { } from, Length: { } all })
            {
                return new MediaReadResult(body, all, from, length, contentType);
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
            response.Dispose();
            throw;
        }
    }

    public async Task<MediaBlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        MediaKey.EnsureValid(key);
        using var response = await SendAsync(() => Request(HttpMethod.Head, BlobUri(key)), cancellationToken, HttpStatusCode.OK,
            HttpStatusCode.NotFound);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        var headers = response.Content.Headers;
        return new MediaBlobInfo(key, headers.ContentLength ?? 0, headers.ContentType?.ToString() ?? "application/octet-stream",
            headers.LastModified);
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await GetInfoAsync(key, cancellationToken) is not null;

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        MediaKey.EnsureValid(key);
        // A retried delete whose first try went through (the answer was lost) finds nothing: reported as "nothing to
        // delete", which leaves the store in the state asked for.
        using var response = await SendAsync(() => Request(HttpMethod.Delete, BlobUri(key)), cancellationToken, HttpStatusCode.Accepted,
            HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.Accepted;
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

    /// <summary>A delivery URL with an exact expiry (tests use one already in the past).</summary>
    internal Uri SignedUrl(string key, DateTimeOffset expiresOn, string? contentDisposition = null) =>
        new($"{BlobUri(key)}?{ServiceSas.CreateQuery(_signer, _container, key, expiresOn, httpsOnly: _https, contentDisposition)}");

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
                // 409 ContainerAlreadyExists is the normal answer after the first start.
                using var _ = await SendAsync(() => Request(HttpMethod.Put, new Uri($"{_endpoint}/{_container}?restype=container")),
                    cancellationToken, HttpStatusCode.Created, HttpStatusCode.Conflict);
                await EnsureCorsAsync(cancellationToken);
                _containerReady = true;
            }
        }
        finally
        {
            _containerLock.Release();
        }
    }

    /// <summary>Creates the container and the CORS rule playback needs, if missing (the Cms does this at start-up too).</summary>
    public Task PrepareAsync(CancellationToken cancellationToken = default) => EnsureContainerAsync(cancellationToken);

    /// <summary>
    /// Delivery's players ask for media with CORS (<c>crossorigin</c>, which caption tracks from another origin need), and
    /// the Cms redirects them to this account: it must answer GET/HEAD from any origin. SAS URLs are unguessable and
    /// expire, so "*" opens nothing. Rules an operator set are kept; ours is added only when none already allows GET from
    /// every origin. Only the Cors element is sent, so logging and metrics settings stay as they are.
    /// </summary>
    private async Task EnsureCorsAsync(CancellationToken cancellationToken)
    {
        var properties = new Uri($"{_endpoint}/?restype=service&comp=properties");
        using var current = await SendAsync(() => Request(HttpMethod.Get, properties), cancellationToken, HttpStatusCode.OK);
        var xml = XDocument.Parse(await current.Content.ReadAsStringAsync(cancellationToken));
        var rules = xml.Root?.Element("Cors")?.Elements("CorsRule").ToList() ?? [];
        if (rules.Any(r => (string?)r.Element("AllowedOrigins") == "*" &&
                           ((string?)r.Element("AllowedMethods") ?? "").Split(',').Contains("GET", StringComparer.OrdinalIgnoreCase)))
        {
            return;
        }
        rules.Add(new XElement("CorsRule",
            new XElement("AllowedOrigins", "*"), new XElement("AllowedMethods", "GET,HEAD"),
            new XElement("MaxAgeInSeconds", 3600), new XElement("ExposedHeaders", "*"), new XElement("AllowedHeaders", "*")));
        var body = new XDocument(new XElement("StorageServiceProperties", new XElement("Cors", rules))).ToString(SaveOptions.DisableFormatting);
        using var _ = await SendAsync(() => Request(HttpMethod.Put, properties, new StringContent(body, Encoding.UTF8, "application/xml")),
            cancellationToken, HttpStatusCode.Accepted);
    }

    private Uri BlobUri(string key, string? query = null) =>
        new($"{_endpoint}/{_container}/{key}{(query is null ? "" : "?" + query)}");

    private static HttpRequestMessage Request(HttpMethod method, Uri uri, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Add("x-ms-version", ApiVersion);
        return request;
    }

    /// <summary>Sends a fresh, freshly signed request from <paramref name="create"/> per attempt (see <see cref="AzureRetry"/>).</summary>
    private Task<HttpResponseMessage> SendOnceOrRetriedAsync(Func<HttpRequestMessage> create, HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        HttpRequestMessage? first = create();
        return _retry.SendAsync(first.Method, async token =>
        {
            var request = Interlocked.Exchange(ref first, null) ?? create();
            _signer.Sign(request, _time.GetUtcNow());
            return await _http.SendAsync(request, completion, token);
        }, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken,
        params HttpStatusCode[] expected)
    {
        var response = await SendOnceOrRetriedAsync(create, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!expected.Contains(response.StatusCode))
        {
            using (response)
            {
                await EnsureSuccessAsync(response, cancellationToken, force: true);
            }
        }
        return response;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken, bool force = false)
    {
        if (response.IsSuccessStatusCode && !force)
        {
            return;
        }
        var code = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() : null;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new MediaStoreException(
            $"Azure Blob Storage answered {(int)response.StatusCode} {code} to {response.RequestMessage?.Method} " +
            $"{response.RequestMessage?.RequestUri?.AbsolutePath}: {body[..Math.Min(body.Length, 500)]}",
            (int)response.StatusCode, code);
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

    /// <summary>The body of a streamed GET; disposing it releases the response and its connection.</summary>
    private sealed class ResponseStream(Stream inner, HttpResponseMessage response) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
