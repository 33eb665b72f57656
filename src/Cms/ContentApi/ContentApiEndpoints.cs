using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace ContentPlatform.Cms.ContentApi;

/// <summary>
/// The headless read API for Delivery and other consumers (API key). Strong ETags with If-None-Match → 304; numbered
/// releases are immutable and cacheable for a year, "latest" must be revalidated.
/// </summary>
public static class ContentApiEndpoints
{
    public const string Policy = "content-api";

    public static WebApplicationBuilder AddContentApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ContentApiOptions>().BindConfiguration(ContentApiOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ContentApiOptions>, ContentApiOptionsValidator>();
        builder.Services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName).RequireAuthenticatedUser());
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.AddDraftPreviews();
        return builder;
    }

    public static RouteGroupBuilder MapContentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policy).WithTags("Content API");
        api.MapGet("/programs", async (HttpContext http, ReleaseCache cache, CancellationToken ct) =>
            Write(http, await cache.CatalogueAsync(ct), immutable: false))
            .WithSummary("Published programs with their titles per language.");
        api.MapGet("/programs/{slug}", async (string slug, HttpContext http, ReleaseCache cache, CancellationToken ct) =>
            await cache.LatestAsync(slug, ct) is { } release ? Write(http, release, immutable: false) : NotFound(slug))
            .WithSummary("The latest release of a program: the whole tree.");
        api.MapGet("/programs/{slug}/releases/{number:int}", async (string slug, int number, HttpContext http, ReleaseCache cache, CancellationToken ct) =>
            await cache.ReleaseBySlugAsync(slug, number, ct) is { } release ? Write(http, release, immutable: true) : NotFound(slug, number))
            .WithSummary("One numbered, immutable release.");
        api.MapGet("/preview/{programId}", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string programId, string token,
            PreviewTokens tokens, CmsDbContext db, IMediaCatalog media, HttpContext http, CancellationToken ct) =>
        {
            if (!tokens.IsValid(token, programId))
            {
                return TypedResults.Problem("The preview link has expired or is not for this program.", statusCode: 403);
            }
            var draft = await db.Programs.AsNoTracking().Where(p => p.Id == programId)
                .Select(p => new { p.DocumentJson, p.LatestRelease }).FirstOrDefaultAsync(ct);
            if (draft is null)
            {
                return TypedResults.Problem($"No program '{programId}'.", statusCode: 404);
            }
            http.Response.Headers.CacheControl = "no-store";
            var preview = await DraftPreview.ReleaseOfAsync(programId, ProgramContent.FromJson(draft.DocumentJson), draft.LatestRelease,
                media, ct);
            return TypedResults.Content(JsonSerializer.Serialize(preview, ContractJson.Options), "application/json; charset=utf-8");
        }).WithSummary("The current draft of a program shaped as a release (number 0, with its media manifest), for preview with a short-lived signed token.");
        return api;
    }

    private static IResult Write(HttpContext http, CachedJson json, bool immutable)
    {
        http.Response.Headers.ETag = json.ETag;
        http.Response.Headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        if (http.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } match &&
            (match == json.ETag || match.Split(',').Any(m => m.Trim() == json.ETag || m.Trim() == "*")))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(json.Body, "application/json; charset=utf-8");
    }

    private static ProblemHttpResult NotFound(string slug, int? number = null) =>
        TypedResults.Problem(number is null ? $"No published program '{slug}'." : $"Program '{slug}' has no release {number}.",
            statusCode: StatusCodes.Status404NotFound);
}
