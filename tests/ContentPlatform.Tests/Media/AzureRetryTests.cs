using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using ContentPlatform.Cms.Media;
using ContentPlatform.Cms.Media.Storage;
using ContentPlatform.Cms.Media.Storage.Azure;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Tests.Media;

/// <summary>
/// The Azure Blob store's transient-failure retries, against a fake blob service that fails a set number of times: what is
/// retried, what is not, how long it waits (a clock that records each wait instead of sleeping) and that it logs.
/// </summary>
public sealed class AzureRetryTests
{
    private const string EmulatorKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A_transient_status_is_retried_with_growing_bounded_delays_until_the_put_succeeds(HttpStatusCode status)
    {
        var service = new FakeBlobService(failures: 3, _ => new HttpResponseMessage(status));
        var (store, clock, log) = Store(service);

        await store.PutAsync("docs/a.pdf", new MemoryStream(new byte[100]), "application/pdf");

        Assert.Equal(4, service.Requests.Count(r => r.Path.EndsWith("/a.pdf", StringComparison.Ordinal)));
        Assert.Equal(3, clock.Waits.Count);
        Assert.All(clock.Waits, w => Assert.InRange(w, TimeSpan.Zero, TimeSpan.FromSeconds(5)));
        Assert.Equal(3, log.Warnings.Count(m => m.Contains($"({(int)status} ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Blocks_and_the_block_list_are_retried_with_the_same_block_id_and_bytes()
    {
        // Fails the second block's first two tries and the block list's first try.
        var attempts = new Dictionary<string, int>();
        var service = new FakeBlobService(0, null, request =>
        {
            var query = request.RequestUri!.Query;
            var key = query.Contains("comp=blocklist", StringComparison.Ordinal) ? "list" : BlockId(request.RequestUri)?.EndsWith("-000001", StringComparison.Ordinal) == true ? "block1" : null;
            if (key is null)
            {
                return null;
            }
            attempts[key] = attempts.GetValueOrDefault(key) + 1;
            return (key, attempts[key]) is ("block1", <= 2) or ("list", 1) ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : null;
        });
        var (store, _, _) = Store(service);
        var size = AzureBlobMediaStore.BlockSize + 1000;

        await store.PutAsync("videos/big.mp4", new GeneratedStream(size), "video/mp4");

        var blocks = service.Requests.Where(r => r.Query.Contains("comp=block&", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, blocks.Count); // block 0 once, block 1 three times
        var retried = blocks.Skip(1).ToList();
        Assert.Single(retried.Select(r => r.Query).Distinct()); // the same block id each time
        Assert.All(retried, r => Assert.Equal(1000, r.BodyLength));
        Assert.Equal(2, service.Requests.Count(r => r.Query.Contains("comp=blocklist", StringComparison.Ordinal)));
        Assert.Equal(size, service.CommittedLength);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task A_client_error_is_not_retried(HttpStatusCode status)
    {
        var service = new FakeBlobService(failures: 5, _ => new HttpResponseMessage(status));
        var (store, clock, log) = Store(service);

        var error = await Assert.ThrowsAsync<MediaStoreException>(() => store.PutAsync("docs/a.pdf", new MemoryStream(new byte[10]), "application/pdf"));

        Assert.Equal((int)status, error.StatusCode);
        Assert.Single(service.Requests, r => r.Path.EndsWith("/a.pdf", StringComparison.Ordinal));
        Assert.Empty(clock.Waits);
        Assert.Empty(log.Warnings);
    }

    [Fact]
    public async Task A_lost_connection_is_retried()
    {
        var service = new FakeBlobService(failures: 2, _ => throw new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset)));
        var (store, _, log) = Store(service);

        Assert.NotNull(await store.GetInfoAsync("docs/a.pdf"));

        Assert.Equal(3, service.Requests.Count);
        Assert.Equal(2, log.Warnings.Count(m => m.Contains("HttpRequestException", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_request_timeout_is_retried_but_a_cancelled_caller_is_not()
    {
        var service = new FakeBlobService(failures: 1, _ => throw new TaskCanceledException("timed out", new TimeoutException()));
        var (store, _, _) = Store(service);
        Assert.NotNull(await store.GetInfoAsync("docs/a.pdf"));
        Assert.Equal(2, service.Requests.Count);

        var cancelled = new FakeBlobService(failures: 5, _ => throw new TaskCanceledException());
        var (other, clock, _) = Store(cancelled);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => other.GetInfoAsync("docs/a.pdf", cts.Token));
        Assert.Empty(clock.Waits);
    }

    [Fact]
    public async Task Retry_After_is_waited_out_exactly()
    {
        var service = new FakeBlobService(failures: 1, _ =>
        {
            var busy = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            busy.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
            return busy;
        });
        var (store, clock, _) = Store(service);

        Assert.True(await store.DeleteAsync("docs/a.pdf"));

        Assert.Equal([TimeSpan.FromSeconds(3)], clock.Waits);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_longest_delay_fails_at_once()
    {
        var service = new FakeBlobService(failures: 1, _ =>
        {
            var busy = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            busy.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromMinutes(10));
            return busy;
        });
        var (store, clock, _) = Store(service);

        var error = await Assert.ThrowsAsync<MediaStoreException>(() => store.DeleteAsync("docs/a.pdf"));
        Assert.Equal(429, error.StatusCode);
        Assert.Empty(clock.Waits);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_number_and_the_last_failure_is_reported()
    {
        var service = new FakeBlobService(failures: 100, _ => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        var (store, clock, _) = Store(service, maxRetries: 3);

        var error = await Assert.ThrowsAsync<MediaStoreException>(() => store.GetInfoAsync("docs/a.pdf"));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(4, service.Requests.Count);
        Assert.Equal(3, clock.Waits.Count);
        Assert.All(clock.Waits, w => Assert.True(w <= TimeSpan.FromSeconds(5), $"{w} is above the bound"));
    }

    [Fact]
    public async Task A_method_that_is_not_idempotent_is_sent_once()
    {
        var calls = 0;
        var retry = new AzureRetry(new AzureBlobOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(1) }, new ListLogger(), new RecordingClock());

        using var response = await retry.SendAsync(HttpMethod.Post, _ =>
        {
            calls++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }, CancellationToken.None);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, calls);
    }

    private static (AzureBlobMediaStore Store, RecordingClock Clock, ListLogger Log) Store(FakeBlobService service, int maxRetries = 4)
    {
        var clock = new RecordingClock();
        var log = new ListLogger();
        var options = new AzureBlobOptions
        {
            AccountName = "devstoreaccount1", AccountKey = EmulatorKey, BlobEndpoint = "http://blob.test/devstoreaccount1",
            Container = "media", MaxRetries = maxRetries, FirstRetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
        };
        return (new AzureBlobMediaStore(new HttpClient(service), options, clock, log), clock, log);
    }

    /// <summary>The block id of a Put Block request, decoded ("{upload}-{index}").</summary>
    private static string? BlockId(Uri uri)
    {
        var parameter = uri.Query.TrimStart('?').Split('&').FirstOrDefault(p => p.StartsWith("blockid=", StringComparison.Ordinal));
        return parameter is null ? null
            : System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(Uri.UnescapeDataString(parameter["blockid=".Length..])));
    }

    private sealed record SeenRequest(string Method, string Path, string Query, long BodyLength);

    /// <summary>
    /// Answers like the blob service, except that the first <c>failures</c> requests to a blob (not the container) get
    /// <c>fail</c>'s answer (or its exception), or per request what <c>decide</c> returns.
    /// </summary>
    private sealed class FakeBlobService(int failures, Func<HttpRequestMessage, HttpResponseMessage>? fail,
        Func<HttpRequestMessage, HttpResponseMessage?>? decide = null) : HttpMessageHandler
    {
        private readonly Dictionary<string, long> _blocks = [];
        private int _failed;

        public List<SeenRequest> Requests { get; } = [];
        public long CommittedLength { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Assert.StartsWith("SharedKey devstoreaccount1:", request.Headers.Authorization?.ToString());
            var uri = request.RequestUri!;
            if (uri.Query.Contains("restype=container", StringComparison.Ordinal))
            {
                return new HttpResponseMessage(HttpStatusCode.Created);
            }
            if (uri.Query.Contains("restype=service", StringComparison.Ordinal)) // CORS already as the store wants it
            {
                return new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent("<StorageServiceProperties><Cors><CorsRule><AllowedOrigins>*</AllowedOrigins>" +
                                                "<AllowedMethods>GET,HEAD</AllowedMethods></CorsRule></Cors></StorageServiceProperties>"),
                };
            }
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Requests.Add(new(request.Method.Method, uri.AbsolutePath, uri.Query, body.Length));
            if (decide?.Invoke(request) is { } decided)
            {
                decided.RequestMessage = request;
                return decided;
            }
            if (fail is not null && _failed < failures)
            {
                _failed++;
                var failed = fail(request);
                failed.RequestMessage = request;
                return failed;
            }
            return Answer(request, uri, body.Length);
        }

        private HttpResponseMessage Answer(HttpRequestMessage request, Uri uri, long length)
        {
            if (request.Method == HttpMethod.Put && uri.Query.Contains("comp=block&", StringComparison.Ordinal))
            {
                _blocks[uri.Query] = length;
                return new HttpResponseMessage(HttpStatusCode.Created);
            }
            if (request.Method == HttpMethod.Put)
            {
                CommittedLength = uri.Query.Contains("comp=blocklist", StringComparison.Ordinal) ? _blocks.Values.Sum() : length;
                return new HttpResponseMessage(HttpStatusCode.Created);
            }
            if (request.Method == HttpMethod.Delete)
            {
                return new HttpResponseMessage(HttpStatusCode.Accepted);
            }
            var ok = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[7]) };
            ok.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            return ok;
        }
    }

    /// <summary>A clock whose timers fire at once and remember how long they were asked to wait.</summary>
    private sealed class RecordingClock : TimeProvider
    {
        public List<TimeSpan> Waits { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                lock (Waits)
                {
                    Waits.Add(dueTime);
                }
                dueTime = TimeSpan.Zero;
            }
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private sealed class ListLogger : ILogger<AzureBlobMediaStore>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                lock (Warnings)
                {
                    Warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
