namespace ContentPlatform.Cms.Media;

public enum MediaStoreKind
{
    Local,
    AzureBlob,
}

/// <summary>Section "Media": where uploaded files live, how large they may be, and where ffmpeg is.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>Local (default, a folder) or AzureBlob.</summary>
    public string Store { get; set; } = nameof(MediaStoreKind.Local);

    /// <summary>Folder for the Local store; empty means "media" inside the data folder (Storage:DataPath).</summary>
    public string? LocalPath { get; set; }

    public AzureBlobOptions Azure { get; set; } = new();

    public MediaSizeLimits Limits { get; set; } = new();

    /// <summary>Folder holding the ffmpeg and ffprobe executables (Debian's apt package puts them in /usr/bin).</summary>
    public string FFmpegPath { get; set; } = "/usr/bin";

    /// <summary>
    /// Where release manifests point for media (absolute, no trailing slash). Empty means the first configured Cms URL
    /// (setting "Urls", e.g. http://localhost:5001), so publishing needs no request to know its own address.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Folder for uploads in progress (chunks are appended here); empty means "media-uploads" in the data folder.</summary>
    public string? UploadPath { get; set; }

    /// <summary>Unfinished chunked uploads older than this are deleted with their partial file.</summary>
    public int UploadExpiryHours { get; set; } = 24;

    /// <summary>
    /// How long a processing job is owned by the instance running it before another may take it over. The owner renews it
    /// while it works, so only a job whose process died waits this long.
    /// </summary>
    public int JobLeaseSeconds { get; set; } = 60;

    /// <summary>
    /// Whether this instance runs processing jobs. Turn it off on web-only instances when dedicated instances transcode;
    /// jobs queued anywhere are picked up by any instance that runs them.
    /// </summary>
    public bool ProcessJobs { get; set; } = true;

    /// <summary>A job that was interrupted (its process died) this many times is marked failed instead of tried again.</summary>
    public int JobMaxAttempts { get; set; } = 3;

    /// <summary>How long a signed Azure Blob delivery URL lives; /media/{hash}/{name} redirects to a fresh one each time.</summary>
    public int DeliveryUrlMinutes { get; set; } = 15;

    /// <summary>
    /// Languages every video needs captions in (universal design), comma-separated; the library flags videos that lack one.
    /// Publishing checks each program's own languages.
    /// </summary>
    public string RequiredCaptionLanguages { get; set; } = "nb,nn";

    public IReadOnlyList<string> CaptionLanguages() =>
        RequiredCaptionLanguages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>How the Cms signs in to the storage account.</summary>
public enum AzureBlobAuthentication
{
    /// <summary>The account key (Media:Azure:ConnectionString, or AccountName + AccountKey); delivery URLs are service SAS.</summary>
    SharedKey,

    /// <summary>
    /// No key: Azure.Identity's DefaultAzureCredential (the app's managed identity in Azure); delivery URLs are
    /// user-delegation SAS. The identity needs the roles listed in docs/media-azure.md.
    /// </summary>
    ManagedIdentity,
}

/// <summary>
/// Section "Media:Azure". The account key (or the managed identity) signs requests and delivery URLs; a key never leaves
/// the server.
/// </summary>
public sealed class AzureBlobOptions
{
    public AzureBlobAuthentication Authentication { get; set; } = AzureBlobAuthentication.SharedKey;

    /// <summary>
    /// A storage connection string holding AccountName and AccountKey (and BlobEndpoint for Azurite), instead of the
    /// separate settings below. SharedKey only.
    /// </summary>
    public string? ConnectionString { get; set; }

    public string? AccountName { get; set; }
    public string? AccountKey { get; set; }

    /// <summary>With ManagedIdentity: the client id of a user-assigned identity; empty means the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public string Container { get; set; } = "media";

    /// <summary>
    /// https://ACCOUNT.blob.core.windows.net for Azure, http://127.0.0.1:10000/devstoreaccount1 for Azurite.
    /// Empty means the Azure address for AccountName.
    /// </summary>
    public string? BlobEndpoint { get; set; }

    /// <summary>
    /// Retries of a request that failed transiently (throttled, timed out, server error, connection lost), by the SDK's
    /// own retry policy.
    /// </summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's mean delay; each later one doubles, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait before one retry.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Section "Media:Limits": the largest file accepted per kind, in bytes.</summary>
public sealed class MediaSizeLimits
{
    private const long MiB = 1024 * 1024;

    public long ImageBytes { get; set; } = 20 * MiB;
    public long AudioBytes { get; set; } = 200 * MiB;
    public long VideoBytes { get; set; } = 2048 * MiB;
    public long DocumentBytes { get; set; } = 50 * MiB;
    public long CaptionsBytes { get; set; } = 1 * MiB;
}
