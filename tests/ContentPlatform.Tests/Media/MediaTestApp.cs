using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContentPlatform.Cms;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Tests.Foundation;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Media;

/// <summary>
/// A Cms over a database the test owns (so a second app can start on the same database and media folder, as after a
/// restart), with helpers to sign in and to upload through the management API.
/// </summary>
public sealed class MediaApp(TestDatabase database, IDictionary<string, string?>? settings = null) : WebApplicationFactory<CmsApp>
{
    public const string Password = "correct horse battery";
    public const string Api = "/api/v1/manage/media";

    public TestDatabase Database { get; } = database;

    public static async Task<MediaApp> StartAsync(IDictionary<string, string?>? settings = null, Db db = Db.Sqlite) =>
        new(await TestDatabase.CreateAsync(db, "cms"), settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Database.Settings().Concat(settings ?? new Dictionary<string, string?>()))
        {
            builder.UseSetting(key, value);
        }
    }

    public string MediaFolder => Path.Combine(Database.DataPath, "media");

    public async Task<CmsDbContext> DbAsync()
    {
        var scope = Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<CmsDbContext>();
    }

    /// <summary>A signed-in client that sends this site's Origin, as the Cms pages' scripts do.</summary>
    public async Task<HttpClient> SignInAsync(string email, params string[] roles)
    {
        var key = await StaffAccounts.CreateAsync(Services, email, email.Split('@')[0], Password, enrol: true, roles);
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await StaffAccounts.SignInAsync(client, email, Password, key!);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        client.DefaultRequestHeaders.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return client;
    }

    /// <summary>Uploads a file in chunks (checking the resume point after each) and completes it.</summary>
    public static async Task<HttpResponseMessage> UploadChunkedAsync(HttpClient client, string path, string? name = null,
        int chunkSize = 256 * 1024, string? replaceKey = null)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        var created = await client.PostAsJsonAsync($"{Api}/uploads",
            new { fileName = name ?? Path.GetFileName(path), size = bytes.Length, replaceKey });
        if (created.StatusCode != HttpStatusCode.Created)
        {
            return created;
        }
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            var status = await client.GetFromJsonAsync<JsonElement>($"{Api}/uploads/{id}");
            Assert.Equal(offset, status.GetProperty("received").GetInt64());
            var length = Math.Min(chunkSize, bytes.Length - offset);
            var chunk = new ByteArrayContent(bytes, offset, length);
            chunk.Headers.ContentRange = new ContentRangeHeaderValue(offset, offset + length - 1, bytes.Length);
            var put = await client.PutAsync($"{Api}/uploads/{id}", chunk);
            if (put.StatusCode != HttpStatusCode.OK)
            {
                return put;
            }
        }
        return await client.PostAsync($"{Api}/uploads/{id}/complete", null);
    }

    /// <summary>Polls the job until it is done or failed (ffmpeg work takes seconds).</summary>
    public static async Task<JsonElement> WaitForJobAsync(HttpClient client, long jobId, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"{Api}/jobs/{jobId}");
            var state = job.GetProperty("state").GetString();
            if (state is "done" or "failed")
            {
                return job;
            }
            if (watch.Elapsed > (timeout ?? TimeSpan.FromSeconds(90)))
            {
                throw new TimeoutException($"job {jobId} still {state} at {job.GetProperty("progress")}%");
            }
            await Task.Delay(200); // polling the API as a client would; the job's state, not the delay, ends the wait
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public static class FFprobe
{
    public sealed record ProbedTrack(string CodecType, string CodecName, int? Height);

    public sealed record Result(double Duration, IReadOnlyList<ProbedTrack> Streams, string FormatName);

    public static async Task<Result> RunAsync(string path)
    {
        var start = new ProcessStartInfo("ffprobe", $"-v error -print_format json -show_format -show_streams \"{path}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffprobe failed on {path}: {await process.StandardError.ReadToEndAsync()}");
        var json = JsonDocument.Parse(output).RootElement;
        var format = json.GetProperty("format");
        var streams = json.GetProperty("streams").EnumerateArray().Select(s => new ProbedTrack(
            s.GetProperty("codec_type").GetString()!, s.GetProperty("codec_name").GetString()!,
            s.TryGetProperty("height", out var h) ? h.GetInt32() : null)).ToList();
        return new Result(double.Parse(format.GetProperty("duration").GetString()!, CultureInfo.InvariantCulture), streams,
            format.GetProperty("format_name").GetString()!);
    }
}
