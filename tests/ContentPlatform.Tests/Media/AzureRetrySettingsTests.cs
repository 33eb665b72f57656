using System.Net;
using System.Net.Sockets;
using ContentPlatform.Cms.Media;
using ContentPlatform.Cms.Media.Storage;
using ContentPlatform.Cms.Media.Storage.Azure;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Tests.Media;

/// <summary>
/// Media:Azure's retry settings reach the SDK's own retry policy: against a fake blob service that fails a set number of
/// times, the store makes exactly as many tries as configured, retries only what is transient, logs each failed try and
/// reports the last failure with its reason. (The real outage, Azurite killed mid-upload, is in AzuriteOutageTests.)
/// </summary>
public sealed class AzureRetrySettingsTests
{
    [Fact]
    public void The_settings_become_the_SDK_s_exponential_retry_policy()
    {
        var options = new AzureBlobOptions
        {
            MaxRetries = 7, FirstRetryDelay = TimeSpan.FromMilliseconds(300), MaxRetryDelay = TimeSpan.FromSeconds(9),
        };

        var retry = AzureBlobClients.ClientOptions(options, new ListLogger()).Retry;

        Assert.Equal(global::Azure.Core.RetryMode.Exponential, retry.Mode);
        Assert.Equal(7, retry.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(300), retry.Delay);
        Assert.Equal(TimeSpan.FromSeconds(9), retry.MaxDelay);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A_transient_status_is_retried_and_each_failed_try_is_logged(HttpStatusCode status)
    {
        var service = new FakeBlobService(failures: 6, () => new HttpResponseMessage(status));
        var (store, log) = Store(service, maxRetries: 6); // more than the storage SDK's default of 5

        Assert.True(await store.DeleteAsync("docs/a.pdf"));

        Assert.Equal(7, service.BlobRequests);
        Assert.Equal(6, log.Warnings.Count(m => m.Contains($"({(int)status} ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_number_and_the_failure_names_the_status()
    {
        var service = new FakeBlobService(failures: 100, () => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        var (store, _) = Store(service, maxRetries: 2);

        var error = await Assert.ThrowsAsync<MediaStoreException>(() => store.GetInfoAsync("docs/a.pdf"));

        Assert.Equal(3, service.BlobRequests);
        Assert.Equal(500, error.StatusCode);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_retries_configured_means_one_try()
    {
        var service = new FakeBlobService(failures: 100, () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var (store, _) = Store(service, maxRetries: 0);

        await Assert.ThrowsAsync<MediaStoreException>(() => store.DeleteAsync("docs/a.pdf"));

        Assert.Equal(1, service.BlobRequests);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task A_client_error_is_not_retried(HttpStatusCode status)
    {
        var service = new FakeBlobService(failures: 5, () => new HttpResponseMessage(status));
        var (store, log) = Store(service, maxRetries: 4);

        var error = await Assert.ThrowsAsync<MediaStoreException>(() => store.DeleteAsync("docs/a.pdf"));

        Assert.Equal((int)status, error.StatusCode);
        Assert.Equal(1, service.BlobRequests);
        Assert.Empty(log.Warnings);
    }

    [Fact]
    public async Task A_service_that_cannot_be_reached_fails_after_the_configured_tries_with_that_reason()
    {
        var service = new FakeBlobService(failures: 100,
            () => throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));
        var (store, log) = Store(service, maxRetries: 3);

        var error = await Assert.ThrowsAsync<MediaStoreException>(() => store.DeleteAsync("docs/a.pdf"));

        Assert.Equal(4, service.BlobRequests);
        Assert.Contains("could not be reached for 'docs/a.pdf' after 4 tries (Media:Azure:MaxRetries)", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, log.Warnings.Count);
    }

    private static (AzureBlobMediaStore Store, ListLogger Log) Store(FakeBlobService service, int maxRetries)
    {
        var log = new ListLogger();
        var options = new AzureBlobOptions
        {
            AccountName = AzuriteFixture.AccountName, AccountKey = AzuriteFixture.AccountKey,
            BlobEndpoint = "http://blob.test/devstoreaccount1", Container = "media", MaxRetries = maxRetries,
            // Short waits keep the test fast; the SDK's own backoff still runs.
            FirstRetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        };
        return (new AzureBlobMediaStore(new HttpClient(service), options, logger: log), log);
    }

    /// <summary>Answers like the blob service, except that the first <c>failures</c> requests to a blob get <c>fail</c>'s answer.</summary>
    private sealed class FakeBlobService(int failures, Func<HttpResponseMessage> fail) : HttpMessageHandler
    {
        private int _failed;

        public int BlobRequests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.StartsWith("SharedKey devstoreaccount1:", request.Headers.Authorization?.ToString());
            BlobRequests++;
            if (_failed < failures)
            {
                _failed++;
                var failed = fail();
                failed.RequestMessage = request;
                return Task.FromResult(failed);
            }
            var ok = new HttpResponseMessage(request.Method == HttpMethod.Delete ? HttpStatusCode.Accepted : HttpStatusCode.OK)
            {
                Content = new ByteArrayContent([]),
            };
            ok.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            return Task.FromResult(ok);
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
