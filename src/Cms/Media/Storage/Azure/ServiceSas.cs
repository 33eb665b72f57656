using System.Globalization;

namespace ContentPlatform.Cms.Media.Storage.Azure;

/// <summary>
/// A read-only service SAS for one blob (sr=b, sp=r), signed with the account key. The string to sign is the
/// 16-field form of version 2020-12-06 and later; fields we do not use (start, identifier, IP, snapshot, encryption
/// scope, the other response-header overrides) are signed as empty strings and left out of the query. A
/// Content-Disposition override (rscd) makes Azure answer a document as a download, as the Cms itself does.
/// </summary>
internal static class ServiceSas
{
    public const string Version = AzureBlobMediaStore.ApiVersion;

    public static string CreateQuery(SharedKeySigner signer, string container, string blob, DateTimeOffset expiresOn, bool httpsOnly,
        string? contentDisposition = null)
    {
        const string permissions = "r";
        const string resource = "b";
        var expiry = expiresOn.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var protocol = httpsOnly ? "https" : "";
        var canonical = $"/blob/{signer.AccountName}/{container}/{blob}";
        string[] fields =
        [
            permissions, "", expiry, canonical, "", "", protocol, Version, resource, "", "", "", contentDisposition ?? "", "", "", "",
        ];
        var signature = signer.Hmac(string.Join("\n", fields));
        var query = $"sv={Version}&sr={resource}&sp={permissions}&se={Uri.EscapeDataString(expiry)}";
        if (httpsOnly)
        {
            query += "&spr=https";
        }
        if (contentDisposition is not null)
        {
            query += $"&rscd={Uri.EscapeDataString(contentDisposition)}";
        }
        return query + $"&sig={Uri.EscapeDataString(signature)}";
    }
}
