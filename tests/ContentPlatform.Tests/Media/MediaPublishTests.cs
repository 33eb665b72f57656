using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Media.Sniffing;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Webhooks;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MediaKind = ContentPlatform.Cms.Media.Sniffing.MediaKind;
using MediaAsset = ContentPlatform.Cms.Media.Library.MediaAsset;

namespace ContentPlatform.Tests.Media;

/// <summary>Publishing checks media against the library and freezes a manifest of never-expiring URLs into the release.</summary>
public sealed class MediaPublishTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static MediaAsset Asset(string key, MediaKind kind, string contentType, string? language = null) => new()
    {
        Key = key, Kind = kind, FileName = key, ContentType = contentType, Bytes = 1000, ContentHash = Hash,
        BlobKey = $"{Hash}/{key}", Language = language, Status = MediaStatus.Ready, CreatedBy = "maria", UpdatedBy = "maria",
    };

    private static ProgramContent Program(string nnCaptions) => new()
    {
        Id = "pust", Slug = "pust", Title = LocalizedText.Of("Pust", "Pust"),
        Modules =
        [
            new ModuleContent
            {
                Id = "m1", Title = LocalizedText.Of("Modul", "Modul"),
                Pages =
                [
                    new PageContent
                    {
                        Id = "m1-p1", Title = LocalizedText.Of("Side", "Side"),
                        Blocks =
                        [
                            new VideoBlock
                            {
                                Id = "pust-video", Media = "pust-video", Title = LocalizedText.Of("Pust rolig", "Pust roleg"),
                                Transcript = LocalizedText.Of("Pust inn.", "Pust inn."),
                                Captions = new(StringComparer.Ordinal) { ["nb"] = "pust-nb", ["nn"] = nnCaptions },
                            },
                        ],
                    },
                ],
            },
        ],
    };

    [Fact]
    public async Task A_program_cannot_be_published_while_its_video_lacks_ready_captions_in_a_required_language()
    {
        await using var app = await MediaApp.StartAsync(new Dictionary<string, string?>
        {
            ["Media:ProcessJobs"] = "false", ["Media:PublicBaseUrl"] = "https://cms.example.no/",
        });
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var video = Asset("pust-video", MediaKind.Video, "video/quicktime");
        video.PosterBlobKey = $"{Hash}/pust-video-poster.jpg";
        video.DurationSeconds = 61.5;
        video.Renditions.Add(new MediaRenditionRecord
        {
            AssetKey = "pust-video", Label = "720p", BlobKey = $"{Hash}/pust-video-720p.mp4", ContentType = "video/mp4", Height = 720, Bytes = 900,
        });
        video.Renditions.Add(new MediaRenditionRecord
        {
            AssetKey = "pust-video", Label = "360p", BlobKey = $"{Hash}/pust-video-360p.mp4", ContentType = "video/mp4", Height = 360, Bytes = 400,
        });
        db.MediaAssets.AddRange(video, Asset("pust-nb", MediaKind.Captions, "text/vtt", "nb"), Asset("pust-nn", MediaKind.Captions, "text/vtt", "nn"),
            Asset("bilde", MediaKind.Image, "image/png"));
        await db.SaveChangesAsync();

        var workflow = scope.ServiceProvider.GetRequiredService<ProgramWorkflow>();

        // A caption reference to something that is not a captions file is refused at submit already.
        Assert.Null((await workflow.CreateAsync(Program("bilde"), "maria")).Error);
        var submit = await workflow.SubmitAsync("pust", "maria");
        var problem = Assert.Single(submit!.Problems!);
        Assert.Equal(("missing-captions", "nn"), (problem.Code, problem.Location.Language));

        Assert.Null((await workflow.SaveAsync("pust", Program("pust-nn"), null, "maria")).Error);
        Assert.Null(await workflow.SubmitAsync("pust", "maria"));
        Assert.Null(await workflow.ApproveAsync("pust", "ok", "rita"));

        // The Nynorsk captions disappear from the library after approval: publishing is blocked.
        await db.MediaAssets.Where(a => a.Key == "pust-nn").ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, MediaStatus.Processing));
        var (blocked, error) = await workflow.PublishAsync("pust", "rita");
        Assert.Null(blocked);
        Assert.Equal("invalid", error!.Code);
        Assert.Contains(error.Problems!, p => p.Code == "missing-captions" && p.Location.Language == "nn");

        await db.MediaAssets.Where(a => a.Key == "pust-nn").ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, MediaStatus.Ready));
        var (record, none) = await workflow.PublishAsync("pust", "rita");
        Assert.Null(none);
        var release = JsonSerializer.Deserialize<ProgramRelease>(record!.ReleaseJson, ContractJson.Options)!;
        Assert.Equal(["pust-nb", "pust-nn", "pust-video"], release.Media.Select(m => m.Key));
        var manifest = release.Media.Single(m => m.Key == "pust-video");
        Assert.Equal(ContentPlatform.Contract.Releases.MediaKind.Video, manifest.Kind);
        Assert.Equal($"https://cms.example.no/media/{Hash}/pust-video-720p.mp4", manifest.Url);
        Assert.Equal("video/mp4", manifest.ContentType);
        Assert.Equal($"https://cms.example.no/media/{Hash}/pust-video-poster.jpg", manifest.PosterUrl);
        Assert.Equal(["720p", "360p"], manifest.Renditions.Select(r => r.Label));
        Assert.Equal(61.5, manifest.DurationSeconds);
        Assert.Equal($"https://cms.example.no/media/{Hash}/pust-nn", release.Media.Single(m => m.Key == "pust-nn").Url);
    }

    [Fact]
    public void Broken_and_wrong_kind_references_are_reported_by_the_validator()
    {
        var lookup = new Dictionary<string, MediaLookupEntry>
        {
            ["pust-video"] = new(ContentPlatform.Contract.Releases.MediaKind.Image, true),
            ["pust-nb"] = new(ContentPlatform.Contract.Releases.MediaKind.Captions, true),
        };
        var problems = PublishValidator.Validate(Program("gone"), new TranslationLog(), mediaLookup: k => lookup.GetValueOrDefault(k));
        Assert.Contains(problems, p => p.Code == "wrong-media-kind" && p.Location.Field == "media");
        Assert.Contains(problems, p => p.Code == "missing-captions" && p.Location.Language == "nn");
        Assert.DoesNotContain(problems, p => p.Location.Language == "nb");
    }
}
