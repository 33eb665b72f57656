namespace ContentPlatform.Cms.Media.Storage;

/// <summary>
/// Where media bytes live. Keys are relative names like "videos/2026/intro-720p.mp4" (see <see cref="MediaKey"/>).
/// Writes are all-or-nothing: a reader sees either the previous content or the complete new content, never a part.
/// </summary>
public interface IMediaStore
{
    /// <summary>Streams <paramref name="content"/> to <paramref name="key"/>, replacing what was there once complete.</summary>
    Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Opens the blob (or the requested byte range of it) for reading; null when there is no such blob.</summary>
    /// <exception cref="MediaRangeNotSatisfiableException">The range starts at or beyond the end of the blob.</exception>
    Task<MediaReadResult?> OpenReadAsync(string key, ByteRange? range = null, CancellationToken cancellationToken = default);

    /// <summary>Size and content type; null when there is no such blob.</summary>
    Task<MediaBlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob; false when there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// A URL a browser can fetch directly for <paramref name="lifetime"/>, or null when the app must serve the bytes itself
    /// (the local store). <paramref name="contentDisposition"/>, when given, is the Content-Disposition the answer must carry
    /// (documents are downloads, never shown in place).
    /// </summary>
    Uri? GetDeliveryUrl(string key, TimeSpan lifetime, string? contentDisposition = null);
}

public sealed record MediaBlobInfo(string Key, long Length, string ContentType, DateTimeOffset? LastModified);

/// <summary>
/// An open read: <see cref="Content"/> yields exactly <see cref="RangeLength"/> bytes starting at
/// <see cref="RangeStart"/> of a blob that is <see cref="TotalLength"/> long (what a 206 response needs).
/// </summary>
public sealed class MediaReadResult(Stream content, long totalLength, long rangeStart, long rangeLength, string contentType)
    : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;
    public long TotalLength { get; } = totalLength;
    public long RangeStart { get; } = rangeStart;
    public long RangeLength { get; } = rangeLength;
    public string ContentType { get; } = contentType;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}

/// <summary>Bytes from <see cref="Offset"/>, <see cref="Length"/> of them or to the end when null (HTTP "bytes=o-").</summary>
public readonly record struct ByteRange
{
    public ByteRange(long offset, long? length = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(l, nameof(length));
        }
        Offset = offset;
        Length = length;
    }

    public long Offset { get; }
    public long? Length { get; }

    /// <summary>The concrete span within a blob of <paramref name="total"/> bytes, clipped at its end.</summary>
    public (long Start, long Count) Resolve(long total)
    {
        if (Offset >= total)
        {
            throw new MediaRangeNotSatisfiableException(Offset, total);
        }
        var count = Length is { } l ? Math.Min(l, total - Offset) : total - Offset;
        return (Offset, count);
    }
}

public sealed class MediaRangeNotSatisfiableException(long offset, long total)
    : Exception($"The range starting at byte {offset} is beyond the end of the {total}-byte blob.")
{
    public long TotalLength { get; } = total;
}

/// <summary>The backing store refused or failed an operation (status and code come from the store when it has them).</summary>
public sealed class MediaStoreException(string message, int? statusCode = null, string? errorCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
    public string? ErrorCode { get; } = errorCode;
}
