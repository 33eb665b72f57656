using System.Net;
using System.Text.Json;
using ContentPlatform.Contract.Releases;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Content;

public enum DraftPreviewOutcome
{
    Found,
    Expired,
    NotFound,
    CmsUnavailable,
}

/// <summary>
/// Reads a draft from the Cms for "preview as a patient". Delivery does not judge the preview token itself: it passes it
/// to the Cms, which alone can verify it, and shows only what the Cms returns for that one program. Drafts are never
/// stored or cached here.
/// </summary>
public sealed class DraftPreviews(IHttpClientFactory http, IOptions<CmsOptions> options, ILogger<DraftPreviews> logger)
{
    public async Task<(DraftPreviewOutcome Outcome, ProgramRelease? Draft)> ReadAsync(string programId, string token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Value.BaseUrl))
        {
            return (DraftPreviewOutcome.CmsUnavailable, null);
        }
        if (string.IsNullOrWhiteSpace(token))
        {
            return (DraftPreviewOutcome.Expired, null);
        }
        try
        {
            var client = http.CreateClient(CmsSync.HttpClientName);
            using var response = await client.GetAsync(
                $"api/v1/preview/{Uri.EscapeDataString(programId)}?token={Uri.EscapeDataString(token)}", ct);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    var draft = await response.Content.ReadFromJsonAsync<ProgramRelease>(ContractJson.Options, ct);
                    return draft is null || draft.ProgramId != programId
                        ? (DraftPreviewOutcome.NotFound, null)
                        : (DraftPreviewOutcome.Found, draft);
                case HttpStatusCode.Forbidden:
                    return (DraftPreviewOutcome.Expired, null);
                case HttpStatusCode.NotFound:
                    return (DraftPreviewOutcome.NotFound, null);
                default:
                    logger.LogWarning("The Cms answered {Status} to a preview request for {Program}", (int)response.StatusCode, programId);
                    return (DraftPreviewOutcome.CmsUnavailable, null);
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning("The Cms could not be reached for a preview ({Reason})", e.Message);
            return (DraftPreviewOutcome.CmsUnavailable, null);
        }
    }
}
