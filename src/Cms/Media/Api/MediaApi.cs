using System.Security.Claims;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Media.Processing;
using ContentPlatform.Cms.Media.Sniffing;
using ContentPlatform.Cms.Media.Uploads;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ContentPlatform.Cms.Media.Api;

public sealed record RenditionView(string Label, string Url, string ContentType, int? Height, long Bytes);

/// <summary>An asset as the management API shows it. URLs are relative to the Cms ("/media/{hash}/{name}").</summary>
public sealed record MediaAssetView(
    string Key, string Kind, string Status, string FileName, string ContentType, long Bytes, string ContentHash, string Url,
    string? Language, LocalizedText AltText, IReadOnlyDictionary<string, string> Captions, IReadOnlyList<string> MissingCaptions,
    LocalizedText Transcript, double? DurationSeconds, int? Width, int? Height, string? PosterUrl,
    IReadOnlyList<RenditionView> Renditions, MediaJobView? Job, IReadOnlyList<MediaUse> Uses,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static MediaAssetView From(MediaListItem item)
    {
        var a = item.Asset;
        return new(a.Key, a.Kind.ToString().ToLowerInvariant(), a.Status.ToString().ToLowerInvariant(), a.FileName, a.ContentType, a.Bytes,
            a.ContentHash, MediaNames.PathOf(a.BlobKey), a.Language, a.AltText, a.Captions, item.MissingCaptions, a.Transcript,
            a.DurationSeconds, a.Width, a.Height, a.PosterBlobKey is null ? null : MediaNames.PathOf(a.PosterBlobKey),
            a.Renditions.OrderBy(r => r.Label == "audio" ? 1 : 0).ThenByDescending(r => r.Height)
                .Select(r => new RenditionView(r.Label, MediaNames.PathOf(r.BlobKey), r.ContentType, r.Height, r.Bytes)).ToList(),
            item.Job is null ? null : MediaJobView.From(item.Job), item.Uses, a.CreatedAt, a.CreatedBy, a.UpdatedAt, a.UpdatedBy);
    }
}

public sealed record CreateUploadRequest(string FileName, long Size, string? ReplaceKey = null);

public sealed record UpdateMediaRequest(Dictionary<string, string?>? AltText = null, Dictionary<string, string?>? Transcript = null);

/// <summary>
/// The media management API under /api/v1/manage/media: staff read, editors change. Cookie-authenticated calls that
/// change something must come from the Cms's own pages (see <see cref="CrossSiteGuard"/>).
/// </summary>
public static class MediaApi
{
    public const string Prefix = "/api/v1/manage/media";

    public static RouteGroupBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireAuthorization(StaffIdentity.StaffPolicy).RequireSameOrigin(CrossSiteProof.TokenWithoutOrigin)
            .DisableAntiforgery();
        api.MapGet("", ListAsync);
        api.MapGet("{key}", GetAsync);
        api.MapGet("jobs/{id:long}", GetJobAsync);

        var edit = api.MapGroup("").RequireAuthorization(StaffRoles.Editor);
        edit.MapPost("", UploadSingleAsync);
        edit.MapPost("uploads", CreateUploadAsync);
        edit.MapGet("uploads/{id}", GetUploadAsync);
        edit.MapPut("uploads/{id}", AppendAsync);
        edit.MapPost("uploads/{id}/complete", CompleteAsync);
        edit.MapDelete("uploads/{id}", CancelAsync);
        edit.MapPatch("{key}", UpdateAsync);
        edit.MapPut("{key}/captions/{language}", PutCaptionsAsync);
        edit.MapDelete("{key}/captions/{language}", RemoveCaptionsAsync);
        edit.MapDelete("{key}", DeleteAsync);
        edit.MapPost("jobs/{id:long}/retry", RetryAsync);
        return api;
    }

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static async Task<IResult> ListAsync(MediaBrowser browser, string? q, string? kind, string? language, bool? missingCaptions,
        bool? unused, CancellationToken ct)
    {
        MediaKind? parsed = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (!Enum.TryParse<MediaKind>(kind, ignoreCase: true, out var k))
            {
                return Results.Problem(statusCode: 400, title: "Unknown kind", detail: $"'{kind}' is not one of image, video, audio, document, captions.");
            }
            parsed = k;
        }
        var items = await browser.ListAsync(new MediaFilter(q, parsed, language, missingCaptions == true, unused == true), ct);
        return Results.Ok(items.Select(MediaAssetView.From));
    }

    private static async Task<IResult> GetAsync(string key, MediaBrowser browser, CancellationToken ct) =>
        await browser.GetAsync(key, ct) is { } item ? Results.Ok(MediaAssetView.From(item)) : NotFound(key);

    private static async Task<IResult> GetJobAsync(long id, MediaBrowser browser, CancellationToken ct) =>
        await browser.JobAsync(id, ct) is { } job ? Results.Ok(MediaJobView.From(job))
            : Results.Problem(statusCode: 404, title: "No such job", detail: $"There is no job {id}.");

    private static async Task<IResult> CreateUploadAsync(CreateUploadRequest body, MediaUploads uploads, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var (upload, refusal) = await uploads.CreateAsync(body.FileName, body.Size, body.ReplaceKey, Actor(user), ct);
        return refusal is not null ? Refused(refusal) : Results.Created($"{Prefix}/uploads/{upload!.Id}", upload);
    }

    private static async Task<IResult> GetUploadAsync(string id, MediaUploads uploads, ClaimsPrincipal user, HttpContext context,
        CancellationToken ct)
    {
        if (await uploads.GetAsync(id, Actor(user), ct) is not { } upload)
        {
            return Results.Problem(statusCode: 404, title: "No such upload", detail: "There is no such upload (it may have expired).");
        }
        // The Range header of the resumable-upload convention: what the server has, so the client sends the rest.
        if (upload.Received > 0)
        {
            context.Response.Headers[HeaderNames.Range] = $"bytes=0-{upload.Received - 1}";
        }
        return Results.Ok(upload);
    }

    /// <summary>PUT a chunk with "Content-Range: bytes start-end/total"; without it, the body is the rest of the file.</summary>
    private static async Task<IResult> AppendAsync(string id, HttpContext context, MediaUploads uploads, ClaimsPrincipal user,
        CancellationToken ct)
    {
        AllowLargeBody(context, uploads.MaxBytes);
        long start = 0;
        long? end = null, total = null;
        var header = context.Request.Headers.ContentRange.ToString();
        if (!string.IsNullOrEmpty(header))
        {
            if (!ContentRangeHeaderValue.TryParse(header, out var range) || range.Unit != "bytes" || range.From is null || range.To is null)
            {
                return Results.Problem(statusCode: 400, title: "Bad Content-Range",
                    detail: "Send Content-Range: bytes START-END/TOTAL for each chunk.", extensions: Code("bad-content-range"));
            }
            (start, end, total) = (range.From.Value, range.To.Value, range.Length);
        }
        else if (await uploads.GetAsync(id, Actor(user), ct) is { } current)
        {
            start = current.Received;
        }
        var (upload, refusal) = await uploads.AppendAsync(id, start, end, total, context.Request.Body, Actor(user), ct);
        if (refusal is not null)
        {
            return Refused(refusal, upload is null ? null : new Dictionary<string, object?> { ["received"] = upload.Received });
        }
        return Results.Ok(upload);
    }

    private static async Task<IResult> CompleteAsync(string id, MediaUploads uploads, MediaBrowser browser, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var (asset, refusal) = await uploads.CompleteAsync(id, Actor(user), ct);
        return await CreatedAsync(asset, refusal, browser, ct);
    }

    private static async Task<IResult> CancelAsync(string id, MediaUploads uploads, ClaimsPrincipal user, CancellationToken ct) =>
        await uploads.CancelAsync(id, Actor(user), ct) ? Results.NoContent()
            : Results.Problem(statusCode: 404, title: "No such upload", detail: "There is no such upload (it may have expired).");

    /// <summary>
    /// One request: multipart/form-data (the first file field) or the raw body with the name in ?fileName= or X-File-Name.
    /// ?replace=KEY replaces an asset's file.
    /// </summary>
    private static async Task<IResult> UploadSingleAsync(HttpContext context, MediaUploads uploads, MediaBrowser browser,
        ClaimsPrincipal user, string? fileName, string? replace, CancellationToken ct)
    {
        AllowLargeBody(context, uploads.MaxBytes);
        var request = context.Request;
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                return Results.Problem(statusCode: 400, title: "No multipart boundary", extensions: Code("bad-request"));
            }
            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = uploads.MaxBytes + 1 };
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                {
                    var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    var (asset, refusal) = await uploads.UploadSingleAsync(section.Body, name ?? "file", replace, Actor(user), ct);
                    return await CreatedAsync(asset, refusal, browser, ct);
                }
            }
            return Results.Problem(statusCode: 400, title: "No file", detail: "The form has no file field.", extensions: Code("no-file"));
        }
        var rawName = fileName ?? Uri.UnescapeDataString(request.Headers["X-File-Name"].ToString());
        if (string.IsNullOrWhiteSpace(rawName))
        {
            return Results.Problem(statusCode: 400, title: "No file name",
                detail: "Name the file with ?fileName= or an X-File-Name header (it is shown in the library; the type is decided by content).",
                extensions: Code("invalid-name"));
        }
        var (single, singleRefusal) = await uploads.UploadSingleAsync(request.Body, rawName, replace, Actor(user), ct);
        return await CreatedAsync(single, singleRefusal, browser, ct);
    }

    private static async Task<IResult> UpdateAsync(string key, UpdateMediaRequest body, MediaLibrary library, MediaBrowser browser,
        ClaimsPrincipal user, CancellationToken ct)
    {
        if (await library.UpdateTextsAsync(key, body.AltText, body.Transcript, Actor(user), ct) is { } refusal)
        {
            return Refused(refusal);
        }
        return Results.Ok(MediaAssetView.From((await browser.GetAsync(key, ct))!));
    }

    /// <summary>PUT the WebVTT file as the body; 422 lists every problem with its line number.</summary>
    private static async Task<IResult> PutCaptionsAsync(string key, string language, HttpContext context, MediaLibrary library,
        MediaWorkFolders folders, MediaBrowser browser, ClaimsPrincipal user, CancellationToken ct)
    {
        var path = folders.NewTempFile();
        try
        {
            await using (var file = File.Create(path))
            {
                await context.Request.Body.CopyToAsync(file, ct);
            }
            var (captions, refusal) = await library.AddCaptionsAsync(key, language, path, Actor(user), ct);
            if (refusal is not null)
            {
                return Refused(refusal);
            }
            return Results.Ok(MediaAssetView.From((await browser.GetAsync(captions!.Key, ct))!));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<IResult> RemoveCaptionsAsync(string key, string language, MediaLibrary library, ClaimsPrincipal user,
        CancellationToken ct) =>
        await library.RemoveCaptionsAsync(key, language, Actor(user), ct) is { } refusal ? Refused(refusal) : Results.NoContent();

    private static async Task<IResult> DeleteAsync(string key, MediaLibrary library, CancellationToken ct) =>
        await library.DeleteAsync(key, ct) is { } refusal ? Refused(refusal) : Results.NoContent();

    private static async Task<IResult> RetryAsync(long id, MediaLibrary library, MediaBrowser browser, ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (await library.RetryJobAsync(id, Actor(user), ct) is { } refusal)
        {
            return Refused(refusal);
        }
        return Results.Accepted($"{Prefix}/jobs/{id}", MediaJobView.From((await browser.JobAsync(id, ct))!));
    }

    private static async Task<IResult> CreatedAsync(MediaAsset? asset, MediaRefusal? refusal, MediaBrowser browser, CancellationToken ct)
    {
        if (refusal is not null)
        {
            return Refused(refusal);
        }
        var item = await browser.GetAsync(asset!.Key, ct);
        return Results.Created($"{Prefix}/{asset.Key}", MediaAssetView.From(item!));
    }

    private static IResult NotFound(string key) =>
        Results.Problem(statusCode: 404, title: "No such media", detail: $"There is no media '{key}'.", extensions: Code("not-found"));

    internal static IResult Refused(MediaRefusal refusal, IDictionary<string, object?>? more = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = refusal.Code };
        if (refusal.Lines is { } lines)
        {
            extensions["problems"] = lines.Select(l => new { line = l.Line, code = l.Code, message = l.Message }).ToList();
        }
        foreach (var (k, v) in more ?? new Dictionary<string, object?>())
        {
            extensions[k] = v;
        }
        return Results.Problem(statusCode: refusal.Status, title: Title(refusal), detail: refusal.Reason, extensions: extensions);
    }

    private static string Title(MediaRefusal refusal) => refusal.Code switch
    {
        SniffRefusal.Svg or SniffRefusal.Html or SniffRefusal.Xml or SniffRefusal.Script or SniffRefusal.Executable
            or SniffRefusal.Archive or SniffRefusal.Unknown => "File type not accepted",
        SniffRefusal.TooLarge => "File too large",
        SniffRefusal.Empty => "Empty file",
        "invalid-captions" => "Invalid captions",
        "in-use" => "Media in use",
        "not-found" => "Not found",
        _ => "Request refused",
    };

    private static Dictionary<string, object?> Code(string code) => new() { ["code"] = code };

    private static void AllowLargeBody(HttpContext context, long max)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + (1024 * 1024);
        }
    }
}
