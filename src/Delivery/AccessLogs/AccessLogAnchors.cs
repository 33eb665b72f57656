using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.AccessLogs;

/// <summary>A signed head: the chain had <see cref="Sequence"/> entries, the last with <see cref="Hash"/>, at <see cref="At"/>.</summary>
public sealed record AccessLogAnchor(int Sequence, string Hash, DateTimeOffset At);

/// <summary>
/// Heads of the access-log chains, signed with the chain key and appended to a file outside the database
/// (<see cref="AccessLogOptions.AnchorFile"/>), so someone who can rewrite the database can neither recompute nor cut the
/// newest rows of a chain unseen. Each line: <c>anchor {chainId} {sequence} {hash} {unixSeconds} {mac}</c>, or
/// <c>sealed {unixSeconds} {mac}</c> once the heads that existed before the chain was keyed have been anchored. Lines
/// whose MAC does not verify are ignored (and logged): the file is append-only, never trusted blindly.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001",
    Justification = "The semaphore never hands out its wait handle, so it holds nothing to dispose; the last flush runs during shutdown, after the container may have disposed its singletons.")]
public sealed class AccessLogAnchors(IOptions<AccessLogOptions> options, AccessLogChain chain, TimeProvider clock, ILogger<AccessLogAnchors> logger)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, List<AccessLogAnchor>> _byChain = [];
    private readonly Dictionary<string, (int Sequence, string Hash)> _pending = [];
    private long _readTo;
    private bool _sealed;

    private string FilePath => options.Value.AnchorFile;

    /// <summary>Remembers a head this instance wrote; <see cref="FlushAsync"/> anchors the newest per chain.</summary>
    public void Written(string patientId, int sequence, string hash)
    {
        lock (_pending)
        {
            var id = chain.ChainId(patientId);
            if (!_pending.TryGetValue(id, out var known) || known.Sequence < sequence)
            {
                _pending[id] = (sequence, hash);
            }
        }
    }

    /// <summary>Appends the heads written since the last flush. Returns how many were anchored.</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        List<(string ChainId, int Sequence, string Hash)> heads;
        lock (_pending)
        {
            heads = [.. _pending.Select(p => (p.Key, p.Value.Sequence, p.Value.Hash))];
            _pending.Clear();
        }
        await AppendAsync(heads, seal: false, ct);
        return heads.Count;
    }

    /// <summary>Anchors heads given by patient id (the one-off seal of the chains written before the key existed).</summary>
    public Task SealAsync(IEnumerable<(string PatientId, int Sequence, string Hash)> heads, CancellationToken ct) =>
        AppendAsync([.. heads.Select(h => (chain.ChainId(h.PatientId), h.Sequence, h.Hash))], seal: true, ct);

    public async Task<bool> IsSealedAsync(CancellationToken ct)
    {
        using (await LockAsync(ct))
        {
            await CatchUpAsync(ct);
            return _sealed;
        }
    }

    /// <summary>Every valid anchor of the patient's chain, oldest first (this file's and other writers' appends alike).</summary>
    public async Task<IReadOnlyList<AccessLogAnchor>> ForAsync(string patientId, CancellationToken ct)
    {
        using (await LockAsync(ct))
        {
            await CatchUpAsync(ct);
            return _byChain.TryGetValue(chain.ChainId(patientId), out var list) ? [.. list] : [];
        }
    }

    private async Task AppendAsync(List<(string ChainId, int Sequence, string Hash)> heads, bool seal, CancellationToken ct)
    {
        if (heads.Count == 0 && !seal)
        {
            return;
        }
        var at = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        foreach (var (id, sequence, hash) in heads)
        {
            var line = $"anchor {id} {sequence.ToString(CultureInfo.InvariantCulture)} {hash} {at}";
            text.Append(line).Append(' ').Append(chain.Sign(line)).Append('\n');
        }
        if (seal)
        {
            var line = $"sealed {at}";
            text.Append(line).Append(' ').Append(chain.Sign(line)).Append('\n');
        }
        using (await LockAsync(ct))
        {
            // One write of whole lines in append mode; other instances sharing the folder append between, never inside.
            await using (var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            {
                await file.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), ct);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            await CatchUpAsync(ct);
        }
        // A second place the attacker cannot rewrite: the structured log keeps a digest of the batch (no patient data).
        logger.LogInformation("Access log anchored: {Heads} chain heads, batch digest {Digest}", heads.Count,
            chain.Sign(text.ToString())[..16]);
    }

    /// <summary>Reads lines appended since the last read (by this instance or another sharing the file).</summary>
    private async Task CatchUpAsync(CancellationToken ct)
    {
        if (!File.Exists(FilePath))
        {
            return;
        }
        await using var file = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (file.Length <= _readTo)
        {
            return;
        }
        file.Seek(_readTo, SeekOrigin.Begin);
        var buffer = new byte[file.Length - _readTo];
        await file.ReadExactlyAsync(buffer, ct);
        // Only whole lines: a line still being written by another process is read next time.
        var end = Array.LastIndexOf(buffer, (byte)'\n');
        if (end < 0)
        {
            return;
        }
        _readTo += end + 1;
        foreach (var line in Encoding.UTF8.GetString(buffer, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Parse(line);
        }
    }

    private void Parse(string line)
    {
        var cut = line.LastIndexOf(' ');
        if (cut < 0 || !AccessLogChain.SameHash(chain.Sign(line[..cut]), line[(cut + 1)..]))
        {
            logger.LogWarning("An access-log anchor line does not verify and is ignored");
            return;
        }
        var parts = line[..cut].Split(' ');
        if (parts is ["sealed", _])
        {
            _sealed = true;
        }
        else if (parts is ["anchor", var id, var sequence, var hash, var at]
                 && int.TryParse(sequence, CultureInfo.InvariantCulture, out var s) && long.TryParse(at, CultureInfo.InvariantCulture, out var unix))
        {
            if (!_byChain.TryGetValue(id, out var list))
            {
                _byChain[id] = list = [];
            }
            list.Add(new AccessLogAnchor(s, hash, DateTimeOffset.FromUnixTimeSeconds(unix)));
        }
    }

    private async Task<IDisposable> LockAsync(CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        return new Release(_lock);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
