using System.Net;
using Polly;
using Polly.Retry;

namespace ContentPlatform.Cms.Media.Storage.Azure;

/// <summary>
/// Retries of Blob REST calls that failed transiently: 408, 429, 500, 502, 503, 504, a lost or refused connection and a
/// request timeout. Exponential backoff with jitter, bounded by <see cref="AzureBlobOptions.MaxRetryDelay"/>; a
/// Retry-After from the server is waited out exactly (or, when it asks for longer than that bound, the failure is
/// reported at once). Only idempotent methods are retried: every call the store makes is one (a whole-blob PUT, a PUT of
/// a block under the same block id, a PUT of the same block list, GET, HEAD, DELETE), and anything else is sent once.
/// Each attempt builds and signs a fresh request, so the signature's date is current. Every retry is logged.
/// </summary>
public sealed class AzureRetry
{
    private static readonly HashSet<HttpStatusCode> TransientStatus =
    [
        HttpStatusCode.RequestTimeout, HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError,
        HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout,
    ];

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _time;

    public AzureRetry(AzureBlobOptions options, ILogger logger, TimeProvider? time = null)
    {
        _maxDelay = options.MaxRetryDelay;
        _time = time ?? TimeProvider.System;
        if (options.MaxRetries <= 0)
        {
            _pipeline = ResiliencePipeline<HttpResponseMessage>.Empty;
            return;
        }
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstRetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    var request = args.Outcome.Result?.RequestMessage;
                    logger.LogWarning(args.Outcome.Exception,
                        "Azure Blob Storage {Method} {Path} failed ({Reason}); retry {Retry} of {MaxRetries} in {DelayMs} ms",
                        request?.Method, request?.RequestUri?.AbsolutePath,
                        args.Outcome.Result is { } r ? $"{(int)r.StatusCode} {r.ReasonPhrase}" : args.Outcome.Exception?.GetType().Name,
                        args.AttemptNumber + 1, options.MaxRetries, (long)args.RetryDelay.TotalMilliseconds);
                    args.Outcome.Result?.Dispose(); // its connection goes back to the pool before the wait
                    return default;
                },
            })
            .Build();
    }

    /// <summary>
    /// Sends the request <paramref name="attempt"/> builds (and signs) for each try. Methods that are not idempotent go once.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Func<CancellationToken, Task<HttpResponseMessage>> attempt,
        CancellationToken cancellationToken)
    {
        if (!IsIdempotent(method))
        {
            return await attempt(cancellationToken);
        }
        return await _pipeline.ExecuteAsync(async token => await attempt(token), cancellationToken);
    }

    /// <summary>RFC 9110's idempotent methods; a repeated POST or PATCH could apply twice.</summary>
    public static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete ||
        method == HttpMethod.Options;

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (outcome.Exception is { } e)
        {
            // A timeout of HttpClient itself is a TaskCanceledException while the caller's token is still live.
            return e is HttpRequestException or TimeoutException ||
                   (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);
        }
        var response = outcome.Result!;
        return TransientStatus.Contains(response.StatusCode) && (RetryAfter(response) is not { } wait || wait <= _maxDelay);
    }

    /// <summary>The server's Retry-After (seconds or a date), or null to use the backoff.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not { } header)
        {
            return null;
        }
        var wait = header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }
}
