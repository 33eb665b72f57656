namespace ContentPlatform.Tests.Media;

/// <summary>
/// A non-seekable stream of <paramref name="length"/> deterministic bytes computed from their position, so tests can
/// check any byte range without keeping the content in memory. It can be told to fail after some bytes, like a browser
/// upload cut off half-way.
/// </summary>
internal sealed class GeneratedStream(long length, long? failAfter = null, int seed = 1) : Stream
{
    private long _position;

    public static byte ByteAt(long position, int seed = 1) =>
        (byte)(((ulong)(position + seed) * 2654435761UL) >> 13);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (failAfter is { } limit && _position >= limit)
        {
            throw new IOException("The client disconnected during the upload (simulated).");
        }
        var end = Math.Min(length, failAfter ?? long.MaxValue);
        var n = (int)Math.Min(buffer.Length, end - _position);
        for (var i = 0; i < n; i++)
        {
            buffer[i] = ByteAt(_position + i, seed);
        }
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Reads <paramref name="stream"/> to its end and returns the index of the first byte that differs, or -1.</summary>
    public static async Task<(long Read, long FirstMismatch)> CompareAsync(Stream stream, long startPosition, int seed = 1)
    {
        var buffer = new byte[81920];
        long read = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                if (buffer[i] != ByteAt(startPosition + read + i, seed))
                {
                    return (read + i, read + i);
                }
            }
            read += n;
        }
        return (read, -1);
    }
}
