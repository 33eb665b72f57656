using ContentPlatform.Cms.Media.Storage;

namespace ContentPlatform.Tests.Media;

/// <summary>
/// What every <see cref="IMediaStore"/> must do, run against each implementation: the endpoints built on the interface
/// must not care which store is configured.
/// </summary>
public abstract class MediaStoreContractTests
{
    private const long TwentyMegabytes = 20L * 1024 * 1024 + 12345; // not a multiple of the 4 MiB block size

    protected abstract IMediaStore Store { get; }

    [Fact]
    public async Task A_20_MB_stream_round_trips_byte_for_byte_with_its_size_and_content_type()
    {
        await Store.PutAsync("videos/round-trip.mp4", new GeneratedStream(TwentyMegabytes), "video/mp4");

        var info = await Store.GetInfoAsync("videos/round-trip.mp4");
        Assert.NotNull(info);
        Assert.Equal(TwentyMegabytes, info.Length);
        Assert.Equal("video/mp4", info.ContentType);

        await using var read = await Store.OpenReadAsync("videos/round-trip.mp4");
        Assert.NotNull(read);
        Assert.Equal(TwentyMegabytes, read.TotalLength);
        var (count, mismatch) = await GeneratedStream.CompareAsync(read.Content, 0);
        Assert.Equal(-1, mismatch);
        Assert.Equal(TwentyMegabytes, count);
    }

    [Fact]
    public async Task A_small_file_round_trips_too()
    {
        await Store.PutAsync("captions/small.vtt", new GeneratedStream(1000), "text/vtt");

        await using var read = await Store.OpenReadAsync("captions/small.vtt");
        Assert.NotNull(read);
        Assert.Equal("text/vtt", read.ContentType);
        Assert.Equal((1000, -1), await GeneratedStream.CompareAsync(read.Content, 0));
    }

    [Fact]
    public async Task A_range_read_returns_exactly_the_requested_bytes_even_across_a_block_boundary()
    {
        const long length = 9L * 1024 * 1024;
        await Store.PutAsync("videos/range.mp4", new GeneratedStream(length), "video/mp4");
        var offset = (4L * 1024 * 1024) - 500; // straddles the first 4 MiB block

        await using var read = await Store.OpenReadAsync("videos/range.mp4", new ByteRange(offset, 1000));

        Assert.NotNull(read);
        Assert.Equal(offset, read.RangeStart);
        Assert.Equal(1000, read.RangeLength);
        Assert.Equal(length, read.TotalLength);
        Assert.Equal((1000, -1), await GeneratedStream.CompareAsync(read.Content, offset));
    }

    [Fact]
    public async Task An_open_ended_range_reads_to_the_end_and_one_past_the_end_is_refused()
    {
        await Store.PutAsync("audio/tail.mp3", new GeneratedStream(10_000), "audio/mpeg");

        await using (var read = await Store.OpenReadAsync("audio/tail.mp3", new ByteRange(9_000)))
        {
            Assert.NotNull(read);
            Assert.Equal((1000, -1), await GeneratedStream.CompareAsync(read.Content, 9_000));
        }
        await Assert.ThrowsAsync<MediaRangeNotSatisfiableException>(() =>
            Store.OpenReadAsync("audio/tail.mp3", new ByteRange(10_000)));
    }

    [Fact]
    public async Task An_upload_cut_off_half_way_leaves_nothing_visible()
    {
        var cutOff = new GeneratedStream(TwentyMegabytes, failAfter: TwentyMegabytes / 2);

        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync("videos/cut-off.mp4", cutOff, "video/mp4"));

        Assert.False(await Store.ExistsAsync("videos/cut-off.mp4"));
        Assert.Null(await Store.GetInfoAsync("videos/cut-off.mp4"));
        Assert.Null(await Store.OpenReadAsync("videos/cut-off.mp4"));
    }

    [Fact]
    public async Task A_replacement_cut_off_half_way_leaves_the_previous_file_intact()
    {
        await Store.PutAsync("videos/replace.mp4", new GeneratedStream(6_000_000, seed: 7), "video/mp4");

        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync("videos/replace.mp4",
            new GeneratedStream(TwentyMegabytes, failAfter: 9_000_000), "video/quicktime"));

        await using var read = await Store.OpenReadAsync("videos/replace.mp4");
        Assert.NotNull(read);
        Assert.Equal("video/mp4", read.ContentType);
        Assert.Equal((6_000_000, -1), await GeneratedStream.CompareAsync(read.Content, 0, seed: 7));
    }

    [Fact]
    public async Task Delete_removes_the_file_and_reports_whether_there_was_one()
    {
        await Store.PutAsync("images/delete-me.png", new GeneratedStream(100), "image/png");
        Assert.True(await Store.ExistsAsync("images/delete-me.png"));

        Assert.True(await Store.DeleteAsync("images/delete-me.png"));

        Assert.False(await Store.ExistsAsync("images/delete-me.png"));
        Assert.Null(await Store.OpenReadAsync("images/delete-me.png"));
        Assert.False(await Store.DeleteAsync("images/delete-me.png"));
    }

    [Theory]
    [InlineData("../escape.mp4")]
    [InlineData("/absolute.mp4")]
    [InlineData("videos/.hidden")]
    [InlineData("Videos/Upper.mp4")]
    [InlineData("a//b.mp4")]
    [InlineData("")]
    public async Task Keys_that_could_escape_the_store_or_need_escaping_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new GeneratedStream(10), "video/mp4"));
    }
}
