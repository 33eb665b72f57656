namespace ContentPlatform.Cms.Media.Transcoding;

/// <summary>
/// Temporary names for a run's output files, beside their final names (same folder, so the move is an atomic rename).
/// <see cref="Commit"/> moves them all into place; disposing deletes whatever was not committed, so cancellation or an
/// ffmpeg error leaves nothing half-written. Temp names start with '.', which the media store never uses for keys.
/// </summary>
internal sealed class PendingOutputs : IAsyncDisposable
{
    private readonly Dictionary<string, string> _temps = new(StringComparer.Ordinal);
    private bool _committed;

    public PendingOutputs(IEnumerable<string> finalPaths)
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        foreach (var path in finalPaths)
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            // Keep the real extension last: ffmpeg and players both look at it.
            _temps[path] = Path.Combine(Path.GetDirectoryName(full)!,
                $".{Path.GetFileNameWithoutExtension(full)}.{run}.partial{Path.GetExtension(full)}");
        }
    }

    public string TempPathFor(string finalPath) => _temps[finalPath];

    public void Commit()
    {
        foreach (var (final, temp) in _temps)
        {
            if (!File.Exists(temp))
            {
                throw new MediaTranscodeException($"ffmpeg reported success but wrote no '{Path.GetFileName(final)}'.");
            }
        }
        foreach (var (final, temp) in _temps)
        {
            File.Move(temp, final, overwrite: true);
        }
        _committed = true;
    }

    public ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            foreach (var temp in _temps.Values)
            {
                try
                {
                    File.Delete(temp);
                }
                catch (IOException)
                {
                    // Best effort; a leftover dot-file is never served.
                }
            }
        }
        return ValueTask.CompletedTask;
    }
}
