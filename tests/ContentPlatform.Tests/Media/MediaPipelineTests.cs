using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Media.Library;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Tests.Media;

/// <summary>
/// Upload → durable job → renditions, end to end through the management API, with real ffmpeg on clips made by lavfi.
/// </summary>
public sealed class MediaPipelineTests : IClassFixture<MediaSamples>
{
    private readonly MediaSamples _samples;

    public MediaPipelineTests(MediaSamples samples) => _samples = samples;

    private async Task<string> ClipAsync(string name, double seconds, int width = 1280, int height = 720)
    {
        var path = _samples[name];
        if (!File.Exists(path))
        {
            await _samples.FFmpegAsync(
                $"-f lavfi -i testsrc2=size={width}x{height}:rate=25 -f lavfi -i sine=frequency=330 -t {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} " +
                $"-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest {name}");
        }
        return path;
    }

    [Fact]
    public async Task A_video_uploaded_in_chunks_is_transcoded_to_720p_360p_and_audio_renditions_that_play()
    {
        var clip = await ClipAsync("upload-720p.mp4", 3);
        await using var app = await MediaApp.StartAsync();
        var client = await app.SignInAsync("maria@example.no", StaffRoles.Editor);

        var response = await MediaApp.UploadChunkedAsync(client, clip, "Pust rolig – øvelse.mp4", chunkSize: 64 * 1024);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var asset = await response.Content.ReadFromJsonAsync<JsonElement>();
        var key = asset.GetProperty("key").GetString()!;
        Assert.StartsWith("pust-rolig-ovelse-", key);
        Assert.Equal("video", asset.GetProperty("kind").GetString());
        Assert.Equal("video/mp4", asset.GetProperty("contentType").GetString());

        var job = await MediaApp.WaitForJobAsync(client, asset.GetProperty("job").GetProperty("id").GetInt64());
        Assert.Equal("done", job.GetProperty("state").GetString());
        Assert.Equal(100, job.GetProperty("progress").GetDouble());

        var ready = await client.GetFromJsonAsync<JsonElement>($"{MediaApp.Api}/{key}");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal(720, ready.GetProperty("height").GetInt32());
        Assert.InRange(ready.GetProperty("durationSeconds").GetDouble(), 2.9, 3.2);
        var renditions = ready.GetProperty("renditions").EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);
        Assert.Equal(["720p", "360p", "audio"], renditions.Keys);

        foreach (var (label, rendition) in renditions)
        {
            var file = Path.Combine(_samples.Folder, $"{key}-{label}");
            await File.WriteAllBytesAsync(file, await client.GetByteArrayAsync(rendition.GetProperty("url").GetString()));
            var probe = await FFprobe.RunAsync(file);
            Assert.InRange(probe.Duration, 2.8, 3.3);
            if (label == "audio")
            {
                Assert.Equal("aac", Assert.Single(probe.Streams).CodecName);
            }
            else
            {
                var video = Assert.Single(probe.Streams, s => s.CodecType == "video");
                Assert.Equal("h264", video.CodecName);
                Assert.Equal(label == "720p" ? 720 : 360, video.Height);
                Assert.Equal("aac", Assert.Single(probe.Streams, s => s.CodecType == "audio").CodecName);
            }
        }
        var poster = await client.GetAsync(ready.GetProperty("posterUrl").GetString());
        Assert.Equal("image/jpeg", poster.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_job_left_running_by_a_killed_process_is_taken_up_again_after_a_restart_and_completes()
    {
        var clip = await ClipAsync("restart.mp4", 2, 640, 360);
        var database = await Infrastructure.TestDatabase.CreateAsync(Infrastructure.Db.Sqlite, "cms");
        try
        {
            string key;
            long jobId;
            // The first instance queues the job but (like a process killed mid-transcode) never finishes it.
            await using (var first = new MediaApp(database, new Dictionary<string, string?> { ["Media:ProcessJobs"] = "false" }))
            {
                var client = await first.SignInAsync("maria@example.no", StaffRoles.Editor);
                var created = await (await MediaApp.UploadChunkedAsync(client, clip)).Content.ReadFromJsonAsync<JsonElement>();
                key = created.GetProperty("key").GetString()!;
                jobId = created.GetProperty("job").GetProperty("id").GetInt64();
                await using var db = await first.DbAsync();
                // What a killed process leaves: running, 40 % done, a lease that has run out, the asset mid-processing.
                var stale = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds();
                await db.MediaJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, MediaJobState.Running).SetProperty(j => j.Progress, 40)
                    .SetProperty(j => j.LeaseOwner, "4242-killed").SetProperty(j => j.LeaseUntilMs, stale).SetProperty(j => j.Attempts, 1));
                await db.MediaAssets.Where(a => a.Key == key).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, MediaStatus.Processing));
            }

            // The restarted app, on the same database and media folder, finds the orphaned job and completes it.
            await using var second = new MediaApp(database);
            var again = await second.SignInAsync("ola@example.no", StaffRoles.Editor);
            var job = await MediaApp.WaitForJobAsync(again, jobId);
            Assert.Equal("done", job.GetProperty("state").GetString());
            Assert.Equal(2, job.GetProperty("attempts").GetInt32());
            var asset = await again.GetFromJsonAsync<JsonElement>($"{MediaApp.Api}/{key}");
            Assert.Equal("ready", asset.GetProperty("status").GetString());
            Assert.Equal(["360p", "audio"], asset.GetProperty("renditions").EnumerateArray().Select(r => r.GetProperty("label").GetString()));
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(database.DataPath, "media-uploads", "work")));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_failed_job_shows_its_error_and_can_be_retried()
    {
        var clip = await ClipAsync("retry.mp4", 1, 320, 240);
        await using var app = await MediaApp.StartAsync(new Dictionary<string, string?> { ["Media:ProcessJobs"] = "false" });
        var client = await app.SignInAsync("maria@example.no", StaffRoles.Editor);
        var created = await (await MediaApp.UploadChunkedAsync(client, clip)).Content.ReadFromJsonAsync<JsonElement>();
        var jobId = created.GetProperty("job").GetProperty("id").GetInt64();
        await using (var db = await app.DbAsync())
        {
            await db.MediaJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, MediaJobState.Failed).SetProperty(j => j.Error, "ffmpeg failed: Invalid data found"));
        }
        var failed = await client.GetFromJsonAsync<JsonElement>($"{MediaApp.Api}/jobs/{jobId}");
        Assert.Equal("ffmpeg failed: Invalid data found", failed.GetProperty("error").GetString());

        var retry = await client.PostAsync($"{MediaApp.Api}/jobs/{jobId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var pending = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", pending.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("error").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"{MediaApp.Api}/jobs/{jobId}/retry", null)).StatusCode);
    }

    [Fact]
    public async Task Replacing_a_file_keeps_its_key_and_alt_text_so_every_reference_stays_valid_and_serves_the_new_file()
    {
        await using var app = await MediaApp.StartAsync();
        var client = await app.SignInAsync("maria@example.no", StaffRoles.Editor);
        using var first = new StreamContent(File.OpenRead(_samples["sample.png"]));
        var created = await (await client.PostAsync($"{MediaApp.Api}?fileName=Pust.png", first)).Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        await MediaApp.WaitForJobAsync(client, created.GetProperty("job").GetProperty("id").GetInt64());
        await client.PatchAsJsonAsync($"{MediaApp.Api}/{key}", new { altText = new Dictionary<string, string> { ["nb"] = "Pust", ["nn"] = "Pust" } });
        var oldUrl = (await client.GetFromJsonAsync<JsonElement>($"{MediaApp.Api}/{key}")).GetProperty("url").GetString()!;

        using var second = new StreamContent(File.OpenRead(_samples["sample.jpg"]));
        var replaced = await client.PostAsync($"{MediaApp.Api}?fileName=Pust.jpg&replace={Uri.EscapeDataString(key)}", second);
        Assert.True(replaced.IsSuccessStatusCode, $"replace answered {replaced.StatusCode}");
        var job = (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job").GetProperty("id").GetInt64();
        await MediaApp.WaitForJobAsync(client, job);

        var after = await client.GetFromJsonAsync<JsonElement>($"{MediaApp.Api}/{key}");
        Assert.Equal(key, after.GetProperty("key").GetString()); // what pages refer to is unchanged
        Assert.Equal("image/jpeg", after.GetProperty("contentType").GetString());
        Assert.Equal("Pust", after.GetProperty("altText").GetProperty("nn").GetString());
        var newUrl = after.GetProperty("url").GetString()!;
        Assert.NotEqual(oldUrl, newUrl); // content-hashed URL: caches cannot serve the old file under the new address
        var bytes = await client.GetByteArrayAsync(newUrl);
        Assert.Equal([0xFF, 0xD8], bytes[..2]); // a JPEG
        Assert.Single((await client.GetFromJsonAsync<JsonElement[]>($"{MediaApp.Api}?kind=image"))!);
        using var unknown = new StreamContent(File.OpenRead(_samples["sample.jpg"]));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"{MediaApp.Api}?fileName=x.jpg&replace=no-such-key", unknown)).StatusCode);
    }

    [Fact]
    public async Task An_image_gets_its_size_from_the_probe_and_alt_text_per_language()
    {
        await using var app = await MediaApp.StartAsync();
        var client = await app.SignInAsync("maria@example.no", StaffRoles.Editor);
        using var body = new StreamContent(File.OpenRead(_samples["sample.png"]));
        var created = await client.PostAsync($"{MediaApp.Api}?fileName=Pusteøvelse.png", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var asset = await created.Content.ReadFromJsonAsync<JsonElement>();
        var key = asset.GetProperty("key").GetString()!;
        await MediaApp.WaitForJobAsync(client, asset.GetProperty("job").GetProperty("id").GetInt64());

        var patch = await client.PatchAsJsonAsync($"{MediaApp.Api}/{key}",
            new { altText = new Dictionary<string, string> { ["nb"] = "Et testbilde", ["nn"] = "Eit testbilete" } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var ready = await patch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(320, ready.GetProperty("width").GetInt32());
        Assert.Equal(240, ready.GetProperty("height").GetInt32());
        Assert.Equal("Eit testbilete", ready.GetProperty("altText").GetProperty("nn").GetString());

        var filtered = await client.GetFromJsonAsync<JsonElement[]>($"{MediaApp.Api}?kind=image&unused=true&q=pusteovelse");
        Assert.Equal(key, Assert.Single(filtered!).GetProperty("key").GetString());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>($"{MediaApp.Api}?kind=video"))!);
    }

    [Fact]
    public async Task Captions_are_validated_with_line_numbers_and_fill_the_missing_languages()
    {
        await using var app = await MediaApp.StartAsync(new Dictionary<string, string?> { ["Media:ProcessJobs"] = "false" });
        var client = await app.SignInAsync("maria@example.no", StaffRoles.Editor);
        var video = await (await MediaApp.UploadChunkedAsync(client, _samples["sample.mp4"])).Content.ReadFromJsonAsync<JsonElement>();
        var key = video.GetProperty("key").GetString()!;
        Assert.Equal(["nb", "nn"], video.GetProperty("missingCaptions").EnumerateArray().Select(l => l.GetString()));

        var broken = await client.PutAsync($"{MediaApp.Api}/{key}/captions/nn",
            new StringContent("WEBVTT\n\n00:00:01.000 --> 00:00:00.500\nFeil\n", Encoding.UTF8, "text/vtt"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, broken.StatusCode);
        var problem = await broken.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid-captions", problem.GetProperty("code").GetString());
        var line = Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal(3, line.GetProperty("line").GetInt32());
        Assert.Equal("end-before-start", line.GetProperty("code").GetString());

        var notVtt = await client.PutAsync($"{MediaApp.Api}/{key}/captions/nn", new StreamContent(File.OpenRead(_samples["sample.png"])));
        Assert.Equal("not-captions", (await notVtt.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var ok = await client.PutAsync($"{MediaApp.Api}/{key}/captions/nn",
            new StringContent("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nPust inn\n", Encoding.UTF8, "text/vtt"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var after = await client.GetFromJsonAsync<JsonElement>($"{MediaApp.Api}/{key}");
        Assert.Equal(["nb"], after.GetProperty("missingCaptions").EnumerateArray().Select(l => l.GetString()));
        var captionKey = after.GetProperty("captions").GetProperty("nn").GetString()!;
        var missing = await client.GetFromJsonAsync<JsonElement[]>($"{MediaApp.Api}?missingCaptions=true");
        Assert.Equal(key, Assert.Single(missing!).GetProperty("key").GetString());

        // The captions file is used by the video, so it cannot be deleted; the video itself is unused and can.
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"{MediaApp.Api}/{captionKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{MediaApp.Api}/{key}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{MediaApp.Api}/{key}")).StatusCode);
    }
}
