using System.Net;
using ContentPlatform.Cms.Media;
using ContentPlatform.Cms.Media.Storage.Azure;

namespace ContentPlatform.Tests.Media;

/// <summary>Media:Azure:ConnectionString, the other way to give the account and its key, against Azurite.</summary>
[Collection(AzuriteTests.Name)]
public sealed class AzureConnectionStringTests(AzuriteFixture azurite) : IDisposable
{
    private readonly HttpClient _http = new();

    [Fact]
    public async Task A_store_configured_by_connection_string_stores_media_and_signs_its_delivery_urls()
    {
        using var store = new AzureBlobMediaStore(_http, new AzureBlobOptions
        {
            ConnectionString = MediaSetupTests.ConnectionString(azurite.BlobEndpoint),
            Container = "c" + Guid.NewGuid().ToString("N")[..20],
        });
        await store.PutAsync("images/by-connection-string.png", new GeneratedStream(300), "image/png");

        using var response = await _http.GetAsync(store.GetDeliveryUrl("images/by-connection-string.png", TimeSpan.FromMinutes(1)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((300, -1), await GeneratedStream.CompareAsync(await response.Content.ReadAsStreamAsync(), 0));
    }

    public void Dispose() => _http.Dispose();
}
