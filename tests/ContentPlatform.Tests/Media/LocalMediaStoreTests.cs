using ContentPlatform.Cms.Media.Storage;

namespace ContentPlatform.Tests.Media;

public sealed class LocalMediaStoreTests : MediaStoreContractTests, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cp-media-").FullName;
    private readonly LocalMediaStore _store;

    public LocalMediaStoreTests() => _store = new LocalMediaStore(_root);

    protected override IMediaStore Store => _store;

    [Fact]
    public async Task A_cut_off_upload_leaves_no_temporary_file_behind()
    {
        await Assert.ThrowsAsync<IOException>(() =>
            _store.PutAsync("videos/gone.mp4", new GeneratedStream(5_000_000, failAfter: 2_000_000), "video/mp4"));

        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Local_media_has_no_delivery_url_so_the_app_serves_it()
    {
        Assert.Null(_store.GetDeliveryUrl("videos/intro.mp4", TimeSpan.FromMinutes(5)));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
