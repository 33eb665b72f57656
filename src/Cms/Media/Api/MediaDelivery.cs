using ContentPlatform.Cms.Media.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ContentPlatform.Cms.Media.Api;

/// <summary>
/// GET /media/{hash}/{name}: the bytes of a stored file. The hash is the content's SHA-256, so a URL's bytes never change
/// and may be cached for a year; a changed file gets a new URL. Range requests (206) let players seek and resume. With
/// Azure Blob as the store, the answer is a redirect to a fresh short-lived signed URL: the bytes come straight from
/// Azure, and a leaked URL stops working within minutes. Anonymous: published media is not patient data, and the hashes
/// cannot be guessed.
/// </summary>
public static class MediaDelivery
{
    public const string ImmutableCache = "public, max-age=31536000, immutable";

    public static IEndpointConventionBuilder MapMediaDelivery(this IEndpointRouteBuilder app) =>
        app.MapMethods("/media/{hash}/{name}", [HttpMethods.Get, HttpMethods.Head], DeliverAsync).AllowAnonymous()
            .WithName("media-file");

    private static async Task DeliverAsync(HttpContext context, string hash, string name, IMediaStore store,
        IOptions<MediaOptions> options)
    {
        var response = context.Response;
        // Errors here are plain status codes for players, not the people-facing error page.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        var key = $"{hash}/{name}";
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower) || !MediaKey.IsValid(key))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        response.Headers.XContentTypeOptions = "nosniff";
        // Opened on its own, a media file is a sandboxed document without script from the Cms origin, whatever it holds.
        response.Headers.ContentSecurityPolicy = FileSandbox;
        // Text tracks (captions) are fetched cross-origin by the delivery site's players, which needs CORS.
        response.Headers.AccessControlAllowOrigin = "*";

        if (store.GetDeliveryUrl(key, TimeSpan.FromMinutes(options.Value.DeliveryUrlMinutes),
                IsPlayable(TypeByName(name)) ? null : Attachment(name)) is { } signed)
        {
            response.Headers.CacheControl = "no-store"; // each request gets a fresh signature; never cache the redirect
            response.Redirect(signed.ToString());
            return;
        }

        var info = await store.GetInfoAsync(key, context.RequestAborted);
        if (info is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var etag = new EntityTagHeaderValue($"\"{hash}\"");
        response.Headers.CacheControl = ImmutableCache;
        response.Headers.ETag = etag.ToString();
        response.Headers.AcceptRanges = "bytes";
        if (info.LastModified is { } modified)
        {
            response.GetTypedHeaders().LastModified = modified;
        }
        var request = context.Request.GetTypedHeaders();
        if (request.IfNoneMatch.Any(t => t.Tag == etag.Tag || t.Tag == "*"))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = info.ContentType;
        if (!IsPlayable(info.ContentType))
        {
            response.Headers.ContentDisposition = Attachment(name);
        }

        ByteRange? range = null;
        if (RequestedRange(request, etag) is { } requested)
        {
            if (Resolve(requested, info.Length) is not { } resolved)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = $"bytes */{info.Length}";
                return;
            }
            range = resolved;
        }

        await using var read = await store.OpenReadAsync(key, range, context.RequestAborted);
        if (read is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (range is not null)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {read.RangeStart}-{read.RangeStart + read.RangeLength - 1}/{read.TotalLength}";
        }
        response.ContentLength = read.RangeLength;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        await read.Content.CopyToAsync(response.Body, context.RequestAborted);
    }

    public const string FileSandbox = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'";

    /// <summary>
    /// Only pictures, sound, video and caption tracks are shown in place; anything else (PDF today) is a download, so no
    /// document from the library ever runs as active content on the Cms origin (a PDF viewer runs script).
    /// </summary>
    public static bool IsPlayable(string? contentType) =>
        contentType is not null && (contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ||
                                    contentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ||
                                    contentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase) ||
                                    contentType.StartsWith("text/vtt", StringComparison.OrdinalIgnoreCase));

    /// <summary>By name, for the Azure redirect (the blob's type is not known without a call); uploads keep their sniffed extension.</summary>
    private static string? TypeByName(string name) =>
        name.EndsWith(".vtt", StringComparison.OrdinalIgnoreCase) ? "text/vtt"
        : new FileExtensionContentTypeProvider().TryGetContentType(name, out var type) ? type : null;

    private static string Attachment(string name) =>
        new ContentDispositionHeaderValue("attachment") { FileNameStar = name }.ToString();

    /// <summary>One bytes range, honoured unless If-Range names another version. Several ranges get the whole file (allowed).</summary>
    private static RangeItemHeaderValue? RequestedRange(RequestHeaders request, EntityTagHeaderValue etag)
    {
        var header = request.Range;
        if (header is null || !string.Equals(header.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase) || header.Ranges.Count != 1)
        {
            return null;
        }
        if (request.IfRange is { EntityTag: { } ifTag } && ifTag.Tag != etag.Tag)
        {
            return null;
        }
        return header.Ranges.Single();
    }

    private static ByteRange? Resolve(RangeItemHeaderValue item, long total)
    {
        if (item.From is { } from)
        {
            if (from >= total || (item.To is { } to && to < from))
            {
                return null;
            }
            var end = Math.Min(item.To ?? total - 1, total - 1);
            return new ByteRange(from, end - from + 1);
        }
        if (item.To is { } suffix && suffix > 0 && total > 0)
        {
            var length = Math.Min(suffix, total);
            return new ByteRange(total - length, length);
        }
        return null;
    }
}
