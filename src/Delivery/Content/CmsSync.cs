using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ContentPlatform.Contract.Releases;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Content;

/// <summary>
/// Keeps the release store in step with the Cms: polls the catalogue (revalidated with its ETag, so an unchanged
/// catalogue costs a 304) and fetches every release it does not have yet. The publish webhook asks for a refresh at
/// once. Failures are logged and retried at the next poll; patients keep being served from the store meanwhile.
/// </summary>
public sealed class CmsSync(IHttpClientFactory http, ReleaseStore store, IOptions<CmsOptions> options, ILogger<CmsSync> logger)
    : BackgroundService
{
    public const string HttpClientName = "Cms";
    private readonly SemaphoreSlim _once = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private string? _catalogueETag;

    public bool Enabled => !string.IsNullOrWhiteSpace(options.Value.BaseUrl);

    /// <summary>Asks the background loop to synchronise now (e.g. after a webhook).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // already woken
            }
        }
    }

    public override void Dispose()
    {
        _once.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            logger.LogInformation("Cms:BaseUrl is empty: Delivery serves the releases it has and does not synchronise");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            await SyncAsync(stoppingToken);
            try
            {
                await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One synchronisation; true when it reached the Cms. Never throws for a Cms that is down.</summary>
    public async Task<bool> SyncAsync(CancellationToken ct)
    {
        if (!Enabled)
        {
            return false;
        }
        await _once.WaitAsync(ct);
        try
        {
            var client = http.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/programs");
            if (_catalogueETag is not null)
            {
                request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(_catalogueETag));
            }
            using var response = await client.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return true;
            }
            response.EnsureSuccessStatusCode();
            var catalogue = await response.Content.ReadFromJsonAsync<List<ProgramSummary>>(ContractJson.Options, ct) ?? [];
            var complete = true;
            foreach (var summary in catalogue)
            {
                var known = await store.ProgramAsync(summary.Id, ct);
                if (known is null || known.LatestRelease < summary.LatestRelease)
                {
                    var json = await client.GetStringAsync($"api/v1/programs/{Uri.EscapeDataString(summary.Slug)}/releases/{summary.LatestRelease}", ct);
                    // A release whose bytes do not match its hash is never stored: patients keep the release they have,
                    // and the catalogue's ETag is not remembered, so the next poll tries again.
                    if (ProgramRelease.IntegrityProblem(ReleaseStore.Parse(json), summary.Id, summary.LatestRelease, summary.ContentHash) is { } problem)
                    {
                        logger.LogError("Refused release {Number} of {Program} from the Cms: {Reason}; still serving release {Served}",
                            summary.LatestRelease, summary.Id, problem, known?.LatestRelease ?? 0);
                        complete = false;
                        continue;
                    }
                    await store.SaveAsync(json, summary.Slug, summary.Withdrawn, ct);
                    logger.LogInformation("Stored release {Number} of {Program}", summary.LatestRelease, summary.Id);
                }
                else if (known.Withdrawn != summary.Withdrawn)
                {
                    await store.SetWithdrawnAsync(summary.Id, summary.Withdrawn, ct);
                }
            }
            // Remember the ETag only once everything it lists is stored, so a half-finished sync is retried in full.
            _catalogueETag = complete ? response.Headers.ETag?.ToString() : null;
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning("The Cms could not be reached ({Reason}); serving the releases already stored", e.Message);
            return false;
        }
        finally
        {
            _once.Release();
        }
    }
}
