using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Media;

/// <summary>Every message names the setting, so a wrong deployment fails at start-up with something to fix.</summary>
internal sealed class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        var failures = new List<string>();
        if (!TryParseStore(options.Store, out var store))
        {
            failures.Add($"Media:Store '{options.Store}' is not known. Use Local (default) or AzureBlob.");
        }
        else if (store == MediaStoreKind.AzureBlob)
        {
            ValidateAzure(options.Azure, failures);
        }

        var limits = options.Limits;
        foreach (var (setting, value) in new[]
                 {
                     ("ImageBytes", limits.ImageBytes), ("AudioBytes", limits.AudioBytes), ("VideoBytes", limits.VideoBytes),
                     ("DocumentBytes", limits.DocumentBytes), ("CaptionsBytes", limits.CaptionsBytes),
                 })
        {
            if (value <= 0)
            {
                failures.Add($"Media:Limits:{setting} must be a positive number of bytes (was {value}).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.FFmpegPath))
        {
            failures.Add("Media:FFmpegPath must name the folder holding ffmpeg and ffprobe, e.g. /usr/bin.");
        }
        ValidateCounts(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The lease, retry and lifetime settings and the public address: a zero or negative one would fail much later.</summary>
    private static void ValidateCounts(MediaOptions options, List<string> failures)
    {
        foreach (var (setting, value) in new[]
                 {
                     ("UploadExpiryHours", options.UploadExpiryHours), ("JobLeaseSeconds", options.JobLeaseSeconds),
                     ("JobMaxAttempts", options.JobMaxAttempts), ("DeliveryUrlMinutes", options.DeliveryUrlMinutes),
                 })
        {
            if (value <= 0)
            {
                failures.Add($"Media:{setting} must be a positive whole number (was {value}).");
            }
        }
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl) &&
            (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            failures.Add($"Media:PublicBaseUrl '{options.PublicBaseUrl}' must be an absolute http(s) URL, e.g. https://media.example.no.");
        }
    }

    internal static bool TryParseStore(string? value, out MediaStoreKind kind) =>
        Enum.TryParse(value, ignoreCase: true, out kind) && Enum.IsDefined(kind);

    private static void ValidateAzure(AzureBlobOptions azure, List<string> failures)
    {
        if (azure.MaxRetries is < 0 or > 10)
        {
            failures.Add($"Media:Azure:MaxRetries {azure.MaxRetries} must be between 0 and 10.");
        }
        if (azure.FirstRetryDelay <= TimeSpan.Zero || azure.MaxRetryDelay < azure.FirstRetryDelay)
        {
            failures.Add("Media:Azure:FirstRetryDelay must be positive and Media:Azure:MaxRetryDelay at least as long.");
        }
        ValidateCredentials(azure, failures);

        // Azure's container rules: 3–63 characters, lower-case letters, digits and single hyphens.
        var c = azure.Container ?? "";
        if (c.Length is < 3 or > 63 || !c.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') ||
            c.StartsWith('-') || c.EndsWith('-') || c.Contains("--", StringComparison.Ordinal))
        {
            failures.Add($"Media:Azure:Container '{c}' is not a valid container name " +
                         "(3–63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit).");
        }

        if (!string.IsNullOrWhiteSpace(azure.BlobEndpoint) &&
            (!Uri.TryCreate(azure.BlobEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http")))
        {
            failures.Add($"Media:Azure:BlobEndpoint '{azure.BlobEndpoint}' must be an absolute http(s) URL, " +
                         "e.g. https://ACCOUNT.blob.core.windows.net or http://127.0.0.1:10000/devstoreaccount1 for Azurite.");
        }
    }

    /// <summary>
    /// Exactly one way in: a connection string with the key, an account name + key, or (ManagedIdentity) an account
    /// name or endpoint and no key at all, so a forgotten key can never silently win over the identity.
    /// </summary>
    private static void ValidateCredentials(AzureBlobOptions azure, List<string> failures)
    {
        if (!Enum.IsDefined(azure.Authentication))
        {
            failures.Add($"Media:Azure:Authentication '{azure.Authentication}' is not known. Use SharedKey (default) or ManagedIdentity.");
            return;
        }
        var hasConnectionString = !string.IsNullOrWhiteSpace(azure.ConnectionString);
        if (azure.Authentication == AzureBlobAuthentication.ManagedIdentity)
        {
            if (hasConnectionString || !string.IsNullOrWhiteSpace(azure.AccountKey))
            {
                failures.Add("Media:Azure:AccountKey and Media:Azure:ConnectionString must be empty when Media:Azure:Authentication " +
                             "is ManagedIdentity (the identity signs in; no key is used).");
            }
            if (string.IsNullOrWhiteSpace(azure.AccountName) && string.IsNullOrWhiteSpace(azure.BlobEndpoint))
            {
                failures.Add("Media:Azure:AccountName (or Media:Azure:BlobEndpoint) is required when Media:Azure:Authentication is ManagedIdentity.");
            }
            return;
        }
        if (hasConnectionString)
        {
            if (!string.IsNullOrWhiteSpace(azure.AccountName) || !string.IsNullOrWhiteSpace(azure.AccountKey))
            {
                failures.Add("Media:Azure:ConnectionString is set together with Media:Azure:AccountName/AccountKey; set only one of them.");
            }
            else if (!ConnectionStringHasKey(azure.ConnectionString!))
            {
                failures.Add("Media:Azure:ConnectionString is not a storage connection string with AccountName and AccountKey " +
                             "(delivery URLs are signed with the key); copy it from the storage account's access keys.");
            }
            return;
        }
        if (string.IsNullOrWhiteSpace(azure.AccountName))
        {
            failures.Add("Media:Azure:AccountName is required when Media:Store is AzureBlob (or set Media:Azure:ConnectionString).");
        }
        if (string.IsNullOrWhiteSpace(azure.AccountKey))
        {
            failures.Add("Media:Azure:AccountKey is required when Media:Store is AzureBlob (the storage account's access key), " +
                         "unless Media:Azure:Authentication is ManagedIdentity.");
        }
        else if (!IsBase64(azure.AccountKey))
        {
            failures.Add("Media:Azure:AccountKey is not valid base64; copy the key exactly from the storage account's access keys.");
        }
    }

    /// <summary>The SDK parses it; a client that can sign SAS URLs is one that holds the account name and key.</summary>
    private static bool ConnectionStringHasKey(string connectionString)
    {
        try
        {
            return new global::Azure.Storage.Blobs.BlobServiceClient(connectionString).CanGenerateAccountSasUri;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written > 0;
    }
}
