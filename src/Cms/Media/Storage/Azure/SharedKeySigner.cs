using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Web;

namespace ContentPlatform.Cms.Media.Storage.Azure;

/// <summary>
/// Azure Storage "SharedKey" request signing for the Blob service (the scheme of API versions 2015-02-21 and later),
/// written by hand because Azure.Storage.Blobs cannot be installed here. The string to sign is the verb, eleven standard
/// headers (Date left empty because x-ms-date is sent), the x-ms-* headers and the canonical resource, HMAC-SHA256'd with
/// the account key.
/// </summary>
internal sealed class SharedKeySigner(string accountName, byte[] accountKey)
{
    public string AccountName { get; } = accountName;

    public void Sign(HttpRequestMessage request, DateTimeOffset now)
    {
        request.Headers.Remove("x-ms-date");
        request.Headers.TryAddWithoutValidation("x-ms-date", now.UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
        var signature = Hmac(StringToSign(request));
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{AccountName}:{signature}");
    }

    public string Hmac(string stringToSign)
    {
        using var hmac = new HMACSHA256(accountKey);
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
    }

    internal string StringToSign(HttpRequestMessage request)
    {
        var content = request.Content?.Headers;
        var length = content?.ContentLength;
        var sb = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(Joined(content?.ContentEncoding)).Append('\n')
            .Append(Joined(content?.ContentLanguage)).Append('\n')
            // Since 2015-02-21 a zero length is signed as the empty string.
            .Append(length is > 0 ? length.Value.ToString(CultureInfo.InvariantCulture) : "").Append('\n')
            .Append(content?.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : "").Append('\n')
            .Append(content?.ContentType?.ToString() ?? "").Append('\n')
            .Append('\n') // Date: x-ms-date is signed instead
            .Append(Header(request, "If-Modified-Since")).Append('\n')
            .Append(Header(request, "If-Match")).Append('\n')
            .Append(Header(request, "If-None-Match")).Append('\n')
            .Append(Header(request, "If-Unmodified-Since")).Append('\n')
            .Append(Header(request, "Range")).Append('\n');

        foreach (var (name, value) in request.Headers
                     .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value.Select(v => v.Trim()))))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        // "/account" + the encoded path. With Azurite's path-style URLs the account appears twice
        // (/devstoreaccount1/devstoreaccount1/container/blob), which is what the service expects too.
        var uri = request.RequestUri!;
        sb.Append('/').Append(AccountName).Append(uri.AbsolutePath);
        var query = HttpUtility.ParseQueryString(uri.Query);
        foreach (var name in query.AllKeys.Where(k => k is not null).Select(k => k!)
                     .OrderBy(k => k.ToLowerInvariant(), StringComparer.Ordinal))
        {
            var values = (query.GetValues(name) ?? []).OrderBy(v => v, StringComparer.Ordinal);
            sb.Append('\n').Append(name.ToLowerInvariant()).Append(':').Append(string.Join(",", values));
        }
        return sb.ToString();
    }

    private static string Joined(ICollection<string>? values) => values is null ? "" : string.Join(",", values);

    private static string Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
