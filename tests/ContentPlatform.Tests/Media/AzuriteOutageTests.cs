using ContentPlatform.Cms.Media;
using ContentPlatform.Cms.Media.Storage;
using ContentPlatform.Cms.Media.Storage.Azure;

namespace ContentPlatform.Tests.Media;

/// <summary>
/// Our retry settings against a real outage: an Azurite of its own (on disk, so what it stored survives) is killed while
/// an upload is under way. Within Media:Azure:MaxRetries the SDK's retries carry the upload through a restart; past them
/// the upload fails with a reason that says so, and no part of the new file is ever visible under its key.
/// </summary>
public sealed class AzuriteOutageTests : IAsyncLifetime, IDisposable
{
    private const long Size = 3L * AzureBlobMediaStore.BlockSize + 12345; // four blocks, the last one short

    private readonly string _folder = Directory.CreateTempSubdirectory("cp-azurite-").FullName;
    private readonly HttpClient _http = new();
    private AzuriteProcess _azurite = null!;

    public async Task InitializeAsync()
    {
        _azurite = new AzuriteProcess(AzuriteProcess.FreePort(), _folder);
        await _azurite.StartAsync();
    }

    [Fact]
    public async Task An_upload_carries_on_when_Azurite_is_stopped_and_restarted_mid_upload()
    {
        using var store = Store(maxRetries: 10, first: TimeSpan.FromMilliseconds(200), max: TimeSpan.FromSeconds(5));
        await store.PrepareAsync();
        Task? restarted = null;
        // While block 2 is read from "disk", block 1 is on its way: Azurite finishes it and stops, and the next blocks meet a
        // refused connection until it is back (a second or two; on a loaded machine far more, so the retries above wait up to ≈30 s in all).
        var source = new OnceAtPosition(new GeneratedStream(Size), 2L * AzureBlobMediaStore.BlockSize + 1, () =>
        {
            _azurite.Stop();
            restarted = _azurite.StartAsync();
        });

        var upload = store.PutAsync("videos/through-outage.mp4", source, "video/mp4");
        await Task.WhenAny(upload, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.NotNull(restarted);
        await restarted; // a restart that failed says why here, not as the upload's refused connection
        await upload;
        await using var read = await store.OpenReadAsync("videos/through-outage.mp4");
        Assert.NotNull(read);
        Assert.Equal(Size, read.TotalLength);
        Assert.Equal((Size, -1), await GeneratedStream.CompareAsync(read.Content, 0));
    }

    [Fact]
    public async Task An_upload_fails_with_a_clear_reason_when_Azurite_stays_down_and_the_previous_file_stays_whole()
    {
        using var store = Store(maxRetries: 2, first: TimeSpan.FromMilliseconds(50), max: TimeSpan.FromMilliseconds(100));
        await store.PutAsync("videos/replaced.mp4", new GeneratedStream(5000, seed: 3), "video/mp4");
        var source = new OnceAtPosition(new GeneratedStream(Size), 2L * AzureBlobMediaStore.BlockSize + 1, _azurite.Stop);

        var error = await Assert.ThrowsAsync<MediaStoreException>(() => store.PutAsync("videos/replaced.mp4", source, "video/mp4"));

        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 tries (Media:Azure:MaxRetries)", error.Message, StringComparison.Ordinal);
        await _azurite.StartAsync();
        await using var read = await store.OpenReadAsync("videos/replaced.mp4");
        Assert.NotNull(read);
        Assert.Equal((5000, -1), await GeneratedStream.CompareAsync(read.Content, 0, seed: 3));
    }

    public Task DisposeAsync()
    {
        _azurite.Stop();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    public void Dispose() => _http.Dispose();

    private AzureBlobMediaStore Store(int maxRetries, TimeSpan first, TimeSpan max) => new(_http, new AzureBlobOptions
    {
        AccountName = AzuriteFixture.AccountName,
        AccountKey = AzuriteFixture.AccountKey,
        BlobEndpoint = $"http://127.0.0.1:{_azurite.Port}/{AzuriteFixture.AccountName}",
        Container = "outage",
        MaxRetries = maxRetries,
        FirstRetryDelay = first,
        MaxRetryDelay = max,
    });

    /// <summary>Runs <paramref name="action"/> once, just before the read that reaches <paramref name="position"/>.</summary>
    private sealed class OnceAtPosition(Stream inner, long position, Action action) : Stream
    {
        private long _read;
        private bool _done;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (!_done && _read + count >= position)
            {
                _done = true;
                action();
            }
            var n = inner.Read(buffer, offset, count);
            _read += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
