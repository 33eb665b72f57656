using System.Diagnostics;
using System.Net;
using ContentPlatform.Cms.Media.Storage;
using ContentPlatform.Cms.Media.Storage.Azure;

namespace ContentPlatform.Tests.Media;

/// <summary>The store contract against Azurite, plus the delivery URLs (service SAS) only Azure has.</summary>
[Collection(AzuriteTests.Name)]
public sealed class AzureBlobMediaStoreTests : MediaStoreContractTests, IDisposable
{
    private readonly HttpClient _http = new();
    private readonly AzureBlobMediaStore _store;

    public AzureBlobMediaStoreTests(AzuriteFixture azurite) =>
        _store = new AzureBlobMediaStore(_http, azurite.NewContainerOptions());

    protected override IMediaStore Store => _store;

    [Fact]
    public async Task A_delivery_url_serves_the_blob_to_a_plain_GET_until_it_expires()
    {
        await _store.PutAsync("videos/sas.mp4", new GeneratedStream(5000), "video/mp4");
        var url = _store.GetDeliveryUrl("videos/sas.mp4", TimeSpan.FromSeconds(2))!;

        using (var response = await _http.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal((5000, -1), await GeneratedStream.CompareAsync(await response.Content.ReadAsStreamAsync(), 0));
        }

        // Poll (bounded) until the expiry is enforced; the URL lives 2–3 s because expiry is rounded up to whole seconds.
        var waited = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var response = await _http.GetAsync(url);
            status = response.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                await Task.Delay(200);
            }
        }
        while (status == HttpStatusCode.OK && waited.Elapsed < TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task A_player_on_another_origin_may_read_media_because_the_store_sets_a_CORS_rule()
    {
        await _store.PutAsync("captions/cors.vtt", new MemoryStream("WEBVTT\n\n00:00.000 --> 00:01.000\nHei\n"u8.ToArray()), "text/vtt");
        var url = _store.GetDeliveryUrl("captions/cors.vtt", TimeSpan.FromMinutes(5))!;

        // What Delivery's <video crossorigin> and its <track> send: a GET with the page's origin.
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", "https://delivery.example.no");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed), "no CORS header: browsers would refuse the captions");
        Assert.Contains(allowed, o => o is "*" or "https://delivery.example.no");
    }

    [Fact]
    public async Task A_document_url_makes_azure_answer_with_the_download_disposition()
    {
        await _store.PutAsync("docs/handout.pdf", new MemoryStream("%PDF-1.7"u8.ToArray()), "application/pdf");
        var url = _store.GetDeliveryUrl("docs/handout.pdf", TimeSpan.FromMinutes(5), "attachment; filename*=UTF-8''handout.pdf")!;

        using var response = await _http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the signature covers the override
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task A_delivery_url_signed_with_an_expiry_in_the_past_is_refused()
    {
        await _store.PutAsync("videos/expired.mp4", new GeneratedStream(100), "video/mp4");

        using var response = await _http.GetAsync(_store.SignedUrl("videos/expired.mp4", DateTimeOffset.UtcNow.AddMinutes(-1)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("sig=", "sig=AAAA")]     // a forged signature
    [InlineData("sp=r&", "sp=rw&")]      // asking for more permission than was signed
    [InlineData("sr=b&", "sr=c&")]       // widening the blob grant to the whole container
    public async Task A_tampered_delivery_url_is_refused(string from, string to)
    {
        await _store.PutAsync("videos/tamper.mp4", new GeneratedStream(100), "video/mp4");
        var url = _store.GetDeliveryUrl("videos/tamper.mp4", TimeSpan.FromMinutes(5))!.ToString();
        Assert.Contains(from, url, StringComparison.Ordinal);

        using var response = await _http.GetAsync(url.Replace(from, to, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_delivery_url_for_one_blob_does_not_open_another()
    {
        await _store.PutAsync("videos/one.mp4", new GeneratedStream(100), "video/mp4");
        await _store.PutAsync("videos/two.mp4", new GeneratedStream(100), "video/mp4");
        var url = _store.GetDeliveryUrl("videos/one.mp4", TimeSpan.FromMinutes(5))!.ToString();

        using var response = await _http.GetAsync(url.Replace("one.mp4", "two.mp4", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    public void Dispose()
    {
        _store.Dispose();
        _http.Dispose();
    }
}
