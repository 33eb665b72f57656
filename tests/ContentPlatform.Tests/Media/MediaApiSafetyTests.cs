using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentPlatform.Tests.Media;

/// <summary>What the upload and delivery endpoints refuse, and the bytes and headers they serve.</summary>
public sealed class MediaApiSafetyTests
{
    private static readonly byte[] Pdf = MakePdf(100_000);

    private static byte[] MakePdf(int size)
    {
        var bytes = new byte[size];
        new Random(7).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static async Task<JsonElement> UploadPdfAsync(HttpClient client)
    {
        var response = await client.PostAsync($"{MediaApp.Api}?fileName=Brosjyre.pdf", new ByteArrayContent(Pdf));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Range_requests_return_exactly_the_asked_bytes_with_immutable_caching()
    {
        await using var app = await MediaApp.StartAsync();
        var client = await app.SignInAsync("maria@example.no", StaffRoles.Editor);
        var asset = await UploadPdfAsync(client);
        var url = asset.GetProperty("url").GetString()!;
        Assert.Matches("^/media/[0-9a-f]{64}/brosjyre\\.pdf$", url);
        var anonymous = app.CreateClient();

        using var whole = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(Pdf, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", whole.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", whole.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());

        foreach (var (range, from, length) in new[] { ("bytes=10-19", 10, 10), ("bytes=99990-", 99_990, 10), ("bytes=-5", 99_995, 5),
                     ("bytes=99000-200000", 99_000, 1000) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = RangeHeaderValue.Parse(range);
            using var partial = await anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(Pdf.AsSpan(from, length).ToArray(), await partial.Content.ReadAsByteArrayAsync());
            Assert.Equal($"bytes {from}-{from + length - 1}/{Pdf.Length}", partial.Content.Headers.ContentRange?.ToString());
        }

        using var beyond = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Range = RangeHeaderValue.Parse("bytes=100000-") } };
        using var unsatisfiable = await anonymous.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        Assert.Equal($"bytes */{Pdf.Length}", unsatisfiable.Content.Headers.ContentRange?.ToString());

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url.Replace("/media/", "/media/0", StringComparison.Ordinal)[..^1])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/media/{new string('a', 64)}/brosjyre.pdf")).StatusCode);
    }

    [Fact]
    public async Task A_file_named_mp4_that_is_really_HTML_is_refused_with_a_reason_and_leaves_nothing()
    {
        await using var app = await MediaApp.StartAsync();
        var client = await app.SignInAsync("maria@example.no", StaffRoles.Editor);
        var html = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>" + new string(' ', 5000));
        var path = Path.Combine(app.Database.DataPath, "video.mp4");
        await File.WriteAllBytesAsync(path, html);

        var chunked = await MediaApp.UploadChunkedAsync(client, path, chunkSize: 4096);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, chunked.StatusCode);
        Assert.Equal("application/problem+json", chunked.Content.Headers.ContentType?.MediaType);
        var problem = await chunked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("html", problem.GetProperty("code").GetString());
        Assert.Contains("HTML", problem.GetProperty("detail").GetString());

        var single = await client.PostAsync($"{MediaApp.Api}?fileName=video.mp4", new ByteArrayContent(html));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, single.StatusCode);

        var svg = await client.PostAsync($"{MediaApp.Api}?fileName=logo.png",
            new StringContent("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x()</script></svg>"));
        Assert.Equal("svg", (await svg.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>(MediaApp.Api))!);
        Assert.False(Directory.Exists(app.MediaFolder) && Directory.EnumerateFiles(app.MediaFolder, "*", SearchOption.AllDirectories).Any());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.Database.DataPath, "media-uploads")));
    }

    [Fact]
    public async Task An_upload_cut_off_half_way_leaves_no_asset_and_no_half_file_and_resumes_from_the_last_whole_chunk()
    {
        await using var app = await MediaApp.StartAsync();
        var client = await app.SignInAsync("maria@example.no", StaffRoles.Editor);
        var created = await client.PostAsJsonAsync($"{MediaApp.Api}/uploads", new { fileName = "brosjyre.pdf", size = Pdf.Length });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        async Task<HttpResponseMessage> PutAsync(int from, int count, int declaredEnd)
        {
            var chunk = new ByteArrayContent(Pdf, from, count);
            chunk.Headers.ContentRange = new ContentRangeHeaderValue(from, declaredEnd, Pdf.Length);
            return await client.PutAsync($"{MediaApp.Api}/uploads/{id}", chunk);
        }

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(0, 40_000, 39_999)).StatusCode);
        // The connection drops half-way through the second chunk: only 10,000 of its 40,000 bytes arrive.
        var cut = await PutAsync(40_000, 10_000, 79_999);
        Assert.Equal(HttpStatusCode.BadRequest, cut.StatusCode);
        Assert.Equal(40_000, (await cut.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("received").GetInt64());
        var part = Path.Combine(app.Database.DataPath, "media-uploads", id + ".part");
        Assert.Equal(40_000, new FileInfo(part).Length);

        // Completing now is refused, and nothing reaches the store.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"{MediaApp.Api}/uploads/{id}/complete", null)).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>(MediaApp.Api))!);
        Assert.False(Directory.Exists(app.MediaFolder) && Directory.EnumerateFiles(app.MediaFolder, "*", SearchOption.AllDirectories).Any());

        // A chunk from the wrong offset is refused with the offset to resume from.
        var wrong = await PutAsync(50_000, 10_000, 59_999);
        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);

        // Resuming from what the server says it has completes the file, byte for byte.
        var status = await client.GetFromJsonAsync<JsonElement>($"{MediaApp.Api}/uploads/{id}");
        var from = (int)status.GetProperty("received").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(from, Pdf.Length - from, Pdf.Length - 1)).StatusCode);
        var done = await client.PostAsync($"{MediaApp.Api}/uploads/{id}/complete", null);
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        var url = (await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString();
        Assert.Equal(Pdf, await client.GetByteArrayAsync(url));
        Assert.False(File.Exists(part));

        // An abandoned upload can be cancelled, and its partial file goes with it.
        var other = await client.PostAsJsonAsync($"{MediaApp.Api}/uploads", new { fileName = "b.pdf", size = Pdf.Length });
        var otherId = (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{MediaApp.Api}/uploads/{otherId}")).StatusCode);
        Assert.False(File.Exists(Path.Combine(app.Database.DataPath, "media-uploads", otherId + ".part")));
    }

    [Fact]
    public async Task Only_editors_upload_and_anonymous_callers_get_nothing()
    {
        await using var app = await MediaApp.StartAsync();
        var reviewer = await app.SignInAsync("rita@example.no", StaffRoles.Reviewer);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await reviewer.PostAsync($"{MediaApp.Api}?fileName=a.pdf", new ByteArrayContent(Pdf))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await reviewer.PostAsJsonAsync($"{MediaApp.Api}/uploads", new { fileName = "a.pdf", size = 10 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync(MediaApp.Api)).StatusCode); // staff may look

        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(MediaApp.Api)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostAsync($"{MediaApp.Api}?fileName=a.pdf", new ByteArrayContent(Pdf))).StatusCode);
    }

    [Fact]
    public async Task Cookie_authenticated_changes_need_this_sites_origin_or_the_antiforgery_token()
    {
        await using var app = await MediaApp.StartAsync();
        var editor = await app.SignInAsync("maria@example.no", StaffRoles.Editor);
        editor.DefaultRequestHeaders.Remove("Origin");
        var none = await editor.PostAsync($"{MediaApp.Api}?fileName=a.pdf", new ByteArrayContent(Pdf));
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Equal("cross-site", (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var foreign = new HttpRequestMessage(HttpMethod.Post, $"{MediaApp.Api}?fileName=a.pdf") { Content = new ByteArrayContent(Pdf) };
        foreign.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.SendAsync(foreign)).StatusCode);

        // The library page's token, as its script sends it, is accepted.
        var token = await editor.AntiforgeryTokenAsync("/media");
        using var withToken = new HttpRequestMessage(HttpMethod.Post, $"{MediaApp.Api}?fileName=a.pdf") { Content = new ByteArrayContent(Pdf) };
        withToken.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(HttpStatusCode.Created, (await editor.SendAsync(withToken)).StatusCode);
    }

    [Fact]
    public async Task The_progress_hub_refuses_anonymous_callers_and_admits_staff()
    {
        await using var app = await MediaApp.StartAsync();
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/hubs/media/negotiate?negotiateVersion=1", null)).StatusCode);

        var staff = await app.SignInAsync("rita@example.no", StaffRoles.Reviewer);
        var negotiated = await staff.PostAsync("/hubs/media/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        Assert.True((await negotiated.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("connectionToken", out _));
    }
}

/// <summary>With Azure Blob as the store, files are served by a redirect to a fresh, short-lived signed URL.</summary>
[Collection(AzuriteTests.Name)]
public sealed class MediaAzureDeliveryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_upload_goes_to_Azurite_and_its_media_url_redirects_to_a_signed_url_that_serves_it()
    {
        var options = azurite.NewContainerOptions();
        await using var app = await MediaApp.StartAsync(new Dictionary<string, string?>
        {
            ["Media:Store"] = "AzureBlob",
            ["Media:Azure:AccountName"] = options.AccountName,
            ["Media:Azure:AccountKey"] = options.AccountKey,
            ["Media:Azure:BlobEndpoint"] = options.BlobEndpoint,
            ["Media:Azure:Container"] = options.Container,
        });
        var client = await app.SignInAsync("maria@example.no", StaffRoles.Editor);
        var bytes = new byte[300_000];
        new Random(3).NextBytes(bytes);
        "%PDF-1.4\n"u8.CopyTo(bytes);
        var path = Path.Combine(app.Database.DataPath, "large.pdf");
        await File.WriteAllBytesAsync(path, bytes);
        var created = await MediaApp.UploadChunkedAsync(client, path, chunkSize: 100_000);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        using var redirect = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("no-store", redirect.Headers.CacheControl?.ToString());
        var signed = redirect.Headers.Location!;
        Assert.StartsWith(options.BlobEndpoint, signed.ToString());
        Assert.Contains("sig=", signed.Query);

        using var direct = new HttpClient();
        Assert.Equal(bytes, await direct.GetByteArrayAsync(signed));
    }
}
