using System.Security.Cryptography;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Media.Sniffing;
using ContentPlatform.Cms.Media.Storage;
using ContentPlatform.Cms.Media.Transcoding;
using ContentPlatform.Cms.Media.Uploads;
using ContentPlatform.Cms.Telemetry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Media.Processing;

/// <summary>Wakes the job runner as soon as a job is queued, instead of at its next poll.</summary>
public sealed class MediaJobSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}

/// <summary>A job as the API and the hub show it.</summary>
public sealed record MediaJobView(long Id, string AssetKey, string State, double Progress, string? Error, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public static MediaJobView From(MediaJob j) => new(j.Id, j.AssetKey, j.State.ToString().ToLowerInvariant(),
        Math.Round(j.Progress, 1), j.Error, j.Attempts, j.CreatedAt, j.StartedAt, j.FinishedAt);
}

/// <summary>
/// Works through the durable job queue (MediaJobs rows), one job at a time: ffmpeg already uses every core. A job is
/// claimed with a lease that the runner renews while ffmpeg works; if the process dies, the lease runs out and the job is
/// taken up again from the start (by this instance after a restart, or by another). A job interrupted
/// Media:JobMaxAttempts times, or one that fails, is marked failed with its error and can be retried.
/// </summary>
public sealed class MediaJobRunner(IServiceScopeFactory scopes, MediaJobSignal signal, MediaTranscoder transcoder,
    MediaWorkFolders folders, IHubContext<MediaHub> hub, IOptions<MediaOptions> options, TimeProvider clock,
    ILogger<MediaJobRunner> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    /// <summary>This runner's lease identity: unique per start, so a restarted process never mistakes an old lease for its own.</summary>
    private readonly string _owner = $"{Environment.ProcessId}-{Guid.NewGuid():N}";

    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!options.Value.ProcessJobs)
        {
            logger.LogInformation("Media:ProcessJobs is off: this instance queues media jobs but does not run them");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepUploadsAsync(stoppingToken);
                await CountQueueAsync(stoppingToken);
                if (await ClaimAsync(stoppingToken) is { } jobId)
                {
                    await RunAsync(jobId, stoppingToken);
                    continue;
                }
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Media job runner error; retrying shortly");
                await Task.Delay(PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Takes the oldest pending job, or a running one whose owner's lease ran out. Null when there is none.</summary>
    internal async Task<long?> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        while (true)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var candidate = await db.MediaJobs
                .Where(j => j.State == MediaJobState.Pending || (j.State == MediaJobState.Running && j.LeaseUntilMs < now))
                .OrderBy(j => j.Id).Select(j => (long?)j.Id).FirstOrDefaultAsync(ct);
            if (candidate is not { } id)
            {
                return null;
            }
            var lease = now + (options.Value.JobLeaseSeconds * 1000L);
            var claimed = await db.MediaJobs
                .Where(j => j.Id == id && (j.State == MediaJobState.Pending || (j.State == MediaJobState.Running && j.LeaseUntilMs < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, MediaJobState.Running)
                    .SetProperty(j => j.LeaseOwner, _owner)
                    .SetProperty(j => j.LeaseUntilMs, lease)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), ct);
            if (claimed == 1)
            {
                return id;
            }
            // Another instance took it between the read and the update: look again.
        }
    }

    internal async Task RunAsync(long jobId, CancellationToken stoppingToken)
    {
        using var span = CmsTelemetry.Source.StartActivity("media job");
        span?.SetTag("contentplatform.media.job.id", jobId);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var job = await db.MediaJobs.FirstAsync(j => j.Id == jobId, stoppingToken);
        var asset = await db.MediaAssets.Include(a => a.Renditions).FirstOrDefaultAsync(a => a.Key == job.AssetKey, stoppingToken);
        if (asset is null)
        {
            await FinishAsync(db, job, MediaJobState.Failed, "The media was deleted before it was processed.");
            return;
        }
        if (job.Attempts > options.Value.JobMaxAttempts)
        {
            asset.Status = MediaStatus.Failed;
            await FinishAsync(db, job, MediaJobState.Failed,
                $"Processing was interrupted {job.Attempts - 1} times (the server stopped while it ran). Retry it, or upload a smaller file.");
            return;
        }

        job.StartedAt = clock.GetUtcNow();
        job.Progress = 0;
        job.Error = null;
        asset.Status = MediaStatus.Processing;
        await db.SaveChangesAsync(stoppingToken);
        await PushAsync(job);

        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var progress = new LatestProgress();
        var heartbeat = HeartbeatAsync(job, progress, lost);
        var work = Path.Combine(folders.Work, $"job-{job.Id}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        Directory.CreateDirectory(work);
        var hashAtStart = asset.ContentHash;
        try
        {
            var outputs = await ProcessAsync(scope.ServiceProvider, asset, work, progress, lost.Token);
            await lost.CancelAsync(); // stops the heartbeat
            await heartbeat;

            await db.Entry(asset).ReloadAsync(CancellationToken.None);
            await db.Entry(job).ReloadAsync(CancellationToken.None);
            if (asset.ContentHash != hashAtStart)
            {
                // The file was replaced while we worked; its own job makes the renditions for the new file.
                await FinishAsync(db, job, MediaJobState.Done, null);
                return;
            }
            await db.MediaRenditions.Where(r => r.AssetKey == asset.Key).ExecuteDeleteAsync(CancellationToken.None);
            asset.Renditions.Clear();
            asset.Renditions.AddRange(outputs.Renditions);
            asset.PosterBlobKey = outputs.PosterBlobKey;
            asset.DurationSeconds = outputs.Probe?.Duration.TotalSeconds is > 0 and var d ? Math.Round(d, 3) : null;
            asset.Width = outputs.Probe?.Width;
            asset.Height = outputs.Probe?.Height;
            asset.Status = MediaStatus.Ready;
            await FinishAsync(db, job, MediaJobState.Done, null);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            // Shutting down: hand the job back at once so the next start (or another instance) picks it up.
            await db.MediaJobs.Where(j => j.Id == job.Id && j.LeaseOwner == _owner)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, MediaJobState.Pending).SetProperty(j => j.LeaseOwner, (string?)null)
                    .SetProperty(j => j.Attempts, j => j.Attempts - 1), CancellationToken.None);
            throw;
        }
        catch (OperationCanceledException)
        {
            // Our lease was lost (another instance took the job over): leave it to them.
            logger.LogWarning("Media job {JobId} lost its lease; another instance continues it", job.Id);
        }
        catch (Exception e)
        {
            await lost.CancelAsync();
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            logger.LogWarning(e, "Media job {JobId} for {AssetKey} failed", job.Id, job.AssetKey);
            db.ChangeTracker.Clear();
            var failedAsset = await db.MediaAssets.FirstOrDefaultAsync(a => a.Key == job.AssetKey, CancellationToken.None);
            if (failedAsset is not null && failedAsset.ContentHash == hashAtStart)
            {
                failedAsset.Status = MediaStatus.Failed;
            }
            var failed = await db.MediaJobs.FirstAsync(j => j.Id == job.Id, CancellationToken.None);
            await FinishAsync(db, failed, MediaJobState.Failed, e is MediaTranscodeException or MediaStoreException
                ? e.Message : $"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the work folder is never served, and the next run uses a new one.
            }
        }
    }

    private sealed record Outputs(MediaProbe? Probe, List<MediaRenditionRecord> Renditions, string? PosterBlobKey);

    private async Task<Outputs> ProcessAsync(IServiceProvider services, MediaAsset asset, string work, LatestProgress progress,
        CancellationToken ct)
    {
        var store = services.GetRequiredService<IMediaStore>();
        var library = services.GetRequiredService<MediaLibrary>();
        var source = Path.Combine(work, "source" + Path.GetExtension(asset.BlobKey));
        await using (var read = await store.OpenReadAsync(asset.BlobKey, cancellationToken: ct)
                                ?? throw new MediaStoreException($"The original file {asset.BlobKey} is missing from the store."))
        await using (var file = new FileStream(source, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            await read.Content.CopyToAsync(file, ct);
        }

        var probe = await transcoder.ProbeAsync(source, ct);
        var renditions = new List<MediaRenditionRecord>();
        string? poster = null;
        async Task<(string BlobKey, long Bytes)> StoreAsync(string path, string label, string extension, string contentType)
        {
            var hash = await MediaLibrary.HashFileAsync(path, ct);
            var blobKey = MediaNames.BlobKey(hash, $"{asset.Key}-{label}", extension);
            await library.PutFileAsync(blobKey, path, contentType, ct);
            return (blobKey, new FileInfo(path).Length);
        }

        switch (asset.Kind)
        {
            case MediaKind.Video:
                var made = await transcoder.CreateVideoRenditionsAsync(source, work, "r",
                    new Progress(p => progress.Value = p * 0.95), ct);
                foreach (var r in made)
                {
                    var label = r.Kind == RenditionKind.Audio ? "audio" : $"{r.Height}p";
                    var contentType = r.Kind == RenditionKind.Audio ? MediaFormat.M4a.ContentType : MediaFormat.Mp4.ContentType;
                    var (blobKey, bytes) = await StoreAsync(r.Path, label, Path.GetExtension(r.Path), contentType);
                    renditions.Add(new MediaRenditionRecord
                    {
                        AssetKey = asset.Key, Label = label, BlobKey = blobKey, ContentType = contentType, Height = r.Height, Bytes = bytes,
                    });
                }
                var posterPath = await transcoder.CreatePosterAsync(source, Path.Combine(work, "poster.jpg"), ct);
                poster = (await StoreAsync(posterPath, "poster", ".jpg", MediaFormat.Jpeg.ContentType)).BlobKey;
                break;
            case MediaKind.Audio:
                var audio = await transcoder.NormalizeAudioAsync(source, Path.Combine(work, "r-audio.m4a"),
                    new Progress(p => progress.Value = p * 0.95), ct);
                var stored = await StoreAsync(audio.Path, "audio", ".m4a", MediaFormat.M4a.ContentType);
                renditions.Add(new MediaRenditionRecord
                {
                    AssetKey = asset.Key, Label = "audio", BlobKey = stored.BlobKey, ContentType = MediaFormat.M4a.ContentType,
                    Bytes = stored.Bytes,
                });
                break;
            default:
                break; // images: the probe (width, height) is all
        }
        progress.Value = 100;
        return new Outputs(asset.Kind == MediaKind.Image ? probe with { Duration = TimeSpan.Zero } : probe, renditions, poster);
    }

    /// <summary>
    /// Every second while a job runs: saves its progress and renews its lease, and pushes the progress to the pages. If
    /// the lease was taken over (this instance was presumed dead), the job is cancelled here.
    /// </summary>
    private async Task HeartbeatAsync(MediaJob job, LatestProgress progress, CancellationTokenSource lost)
    {
        double last = -1;
        try
        {
            while (!lost.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), lost.Token);
                var value = Math.Round(Math.Min(progress.Value, 99.9), 1);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
                var lease = clock.GetUtcNow().ToUnixTimeMilliseconds() + (options.Value.JobLeaseSeconds * 1000L);
                var renewed = await db.MediaJobs.Where(j => j.Id == job.Id && j.LeaseOwner == _owner && j.State == MediaJobState.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseUntilMs, lease).SetProperty(j => j.Progress, value), lost.Token);
                if (renewed == 0)
                {
                    await lost.CancelAsync();
                    return;
                }
                if (value > last)
                {
                    last = value;
                    await hub.Clients.All.SendAsync("progress",
                        MediaJobView.From(new MediaJob
                        {
                            Id = job.Id, AssetKey = job.AssetKey, State = MediaJobState.Running, Progress = value,
                            Attempts = job.Attempts, CreatedAt = job.CreatedAt, StartedAt = job.StartedAt,
                        }), lost.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended (or the app stops).
        }
    }

    private async Task FinishAsync(CmsDbContext db, MediaJob job, MediaJobState state, string? error)
    {
        job.State = state;
        job.Error = error;
        job.Progress = state == MediaJobState.Done ? 100 : job.Progress;
        job.FinishedAt = clock.GetUtcNow();
        var outcome = new KeyValuePair<string, object?>("outcome", state == MediaJobState.Done ? "done" : "failed");
        CmsTelemetry.MediaJobDuration.Record(((job.FinishedAt - job.StartedAt) ?? TimeSpan.Zero).TotalSeconds, outcome);
        System.Diagnostics.Activity.Current?.SetTag("contentplatform.media.job.outcome", outcome.Value);
        job.LeaseOwner = null;
        job.LeaseUntilMs = 0;
        await db.SaveChangesAsync(CancellationToken.None);
        await PushAsync(job);
    }

    private async Task PushAsync(MediaJob job)
    {
        try
        {
            await hub.Clients.All.SendAsync("progress", MediaJobView.From(job));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogDebug(e, "Could not push progress of media job {JobId}", job.Id);
        }
    }

    /// <summary>The queue length for the gauge; asked only while someone collects metrics.</summary>
    private async Task CountQueueAsync(CancellationToken ct)
    {
        if (!CmsTelemetry.MediaJobQueue.Enabled)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        CmsTelemetry.MediaJobQueue.Record(await db.MediaJobs.CountAsync(j => j.State == MediaJobState.Pending, ct));
    }

    private async Task SweepUploadsAsync(CancellationToken ct)
    {
        if (clock.GetUtcNow() - _lastSweep < TimeSpan.FromHours(1))
        {
            return;
        }
        _lastSweep = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var removed = await scope.ServiceProvider.GetRequiredService<MediaUploads>().SweepAsync(ct);
        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} expired unfinished uploads", removed);
        }
    }

    private sealed class LatestProgress
    {
        private double _value;

        public double Value
        {
            get => Volatile.Read(ref _value);
            set => Volatile.Write(ref _value, value);
        }
    }

    /// <summary>Reports on ffmpeg's own thread (System.Progress would post them out of order to the thread pool).</summary>
    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
