using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace ContentPlatform.Cms.Media.Storage.Azure;

/// <summary>
/// The SDK's <see cref="BlobServiceClient"/> as our settings describe it: how it signs in (connection string, account
/// name + key, or managed identity), its retry policy, and how delivery URLs are signed (service SAS with the account key,
/// or user-delegation SAS with the identity).
/// </summary>
internal sealed class AzureBlobClients
{
    /// <summary>A user-delegation key is asked for once and lives this long (Azure allows up to 7 days).</summary>
    private static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromHours(12);

    private readonly AzureBlobOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Lock _delegationLock = new();
    private UserDelegationKey? _delegationKey;

    public AzureBlobClients(AzureBlobOptions options, HttpPipelineTransport transport, TimeProvider time, ILogger log)
    {
        _options = options;
        _time = time;
        _log = log;
        var clientOptions = ClientOptions(options, log);
        clientOptions.Transport = transport;
        Service = options.Authentication == AzureBlobAuthentication.ManagedIdentity
            ? new BlobServiceClient(ServiceUri(options), Identity(options), clientOptions)
            : !string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new BlobServiceClient(options.ConnectionString, clientOptions)
                : new BlobServiceClient(ServiceUri(options),
                    new StorageSharedKeyCredential(options.AccountName, options.AccountKey), clientOptions);
    }

    public BlobServiceClient Service { get; }

    /// <summary>
    /// The SDK's client options from our settings: its own exponential retry policy (jittered by the SDK) for the transient
    /// failures it knows — 408, 429, 500, 502, 503, 504 and a lost or refused connection — and a policy that logs each
    /// failed try, since the SDK itself reports retries only to its EventSource.
    /// </summary>
    internal static BlobClientOptions ClientOptions(AzureBlobOptions options, ILogger log)
    {
        var client = new BlobClientOptions();
        client.Retry.Mode = RetryMode.Exponential;
        client.Retry.MaxRetries = options.MaxRetries;
        client.Retry.Delay = options.FirstRetryDelay;
        client.Retry.MaxDelay = options.MaxRetryDelay;
        client.AddPolicy(new FailedTryLog(log, options.MaxRetries), HttpPipelinePosition.PerRetry);
        return client;
    }

    /// <summary>
    /// A read-only URL for one blob. With a key the SDK signs a service SAS; with managed identity it signs a
    /// user-delegation SAS with a key the service hands out to the identity (fetched once, renewed before it expires).
    /// </summary>
    public Uri Sign(BlobClient blob, BlobSasBuilder sas)
    {
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }
        var key = DelegationKey(sas.ExpiresOn);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, Service.AccountName) }.ToUri();
    }

    /// <summary>
    /// Delivery's players ask for media with CORS (<c>crossorigin</c>, which caption tracks from another origin need), and
    /// the Cms redirects them to this account: it must answer GET/HEAD from any origin. SAS URLs are unguessable and
    /// expire, so "*" opens nothing. Rules an operator set are kept; ours is added only when none already allows GET from
    /// every origin. Only the Cors element is sent, so logging and metrics settings stay as they are.
    /// </summary>
    public async Task EnsureCorsAsync(CancellationToken cancellationToken)
    {
        BlobServiceProperties current;
        try
        {
            current = await Service.GetPropertiesAsync(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 403 && _options.Authentication == AzureBlobAuthentication.ManagedIdentity)
        {
            // Data-plane roles (Storage Blob Data Contributor) may not read service properties: the operator sets the
            // rule with the account (docs/media-azure.md), and uploads must not wait for it.
            _log.LogWarning("The managed identity may not read the Blob service's CORS rules; set them on the account (docs/media-azure.md)");
            return;
        }
        var rules = current.Cors?.ToList() ?? [];
        if (rules.Any(r => r.AllowedOrigins == "*" &&
                           r.AllowedMethods.Split(',', StringSplitOptions.TrimEntries).Contains("GET", StringComparer.OrdinalIgnoreCase)))
        {
            return;
        }
        rules.Add(new BlobCorsRule
        {
            AllowedOrigins = "*", AllowedMethods = "GET,HEAD", MaxAgeInSeconds = 3600, ExposedHeaders = "*", AllowedHeaders = "*",
        });
        // The SDK's new BlobServiceProperties starts with empty logging/metrics settings that would overwrite the account's
        // (and that Azurite refuses): null leaves them out of the request.
        await Service.SetPropertiesAsync(new BlobServiceProperties
        {
            Logging = null, HourMetrics = null, MinuteMetrics = null, DeleteRetentionPolicy = null, StaticWebsite = null, Cors = rules,
        }, cancellationToken);
    }

    private UserDelegationKey DelegationKey(DateTimeOffset neededUntil)
    {
        lock (_delegationLock)
        {
            if (_delegationKey is { } cached && cached.SignedExpiresOn > neededUntil)
            {
                return cached;
            }
            // Sync on purpose: delivery URLs are built synchronously (IMediaStore.GetDeliveryUrl), and this runs about twice
            // a day. Starts a little in the past so a clock a few minutes behind Azure's still accepts it.
            var now = _time.GetUtcNow();
            _delegationKey = Service.GetUserDelegationKey(
                new BlobGetUserDelegationKeyOptions(now + DelegationKeyLifetime) { StartsOn = now.AddMinutes(-5) }).Value;
            return _delegationKey;
        }
    }

    private static DefaultAzureCredential Identity(AzureBlobOptions options) => new(new DefaultAzureCredentialOptions
    {
        // A user-assigned identity is named by its client id; empty means the system-assigned one.
        ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
    });

    internal static Uri ServiceUri(AzureBlobOptions options) => new(
        (string.IsNullOrWhiteSpace(options.BlobEndpoint) ? $"https://{options.AccountName}.blob.core.windows.net" : options.BlobEndpoint)
        .TrimEnd('/') + "/");

    /// <summary>Logs every try that failed (the SDK then retries it, up to Media:Azure:MaxRetries times).</summary>
    private sealed class FailedTryLog(ILogger log, int maxRetries) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                ProcessNext(message, pipeline);
            }
            catch (Exception e) when (Logged(message, e.GetType().Name))
            {
                throw;
            }
            Check(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                await ProcessNextAsync(message, pipeline);
            }
            catch (Exception e) when (Logged(message, e.GetType().Name))
            {
                throw;
            }
            Check(message);
        }

        private void Check(HttpMessage message)
        {
            if (message.ResponseClassifier.IsRetriableResponse(message))
            {
                Logged(message, $"{message.Response.Status} {message.Response.ReasonPhrase}");
            }
        }

        private bool Logged(HttpMessage message, string reason)
        {
            if (!message.CancellationToken.IsCancellationRequested)
            {
                log.LogWarning("Azure Blob Storage {Method} {Path} failed ({Reason}) on try {Try} of at most {Tries}",
                    message.Request.Method, message.Request.Uri.Path, reason, message.ProcessingContext.RetryNumber + 1, maxRetries + 1);
            }
            return false;
        }
    }
}
