using System.Diagnostics;
using System.Globalization;
using ContentPlatform.Cms.Media;
using ContentPlatform.Cms.Media.Transcoding;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace ContentPlatform.Tests.Media;

/// <summary>A 6 s 1280x720 clip with a tone, made once for these tests (short, so the suite stays fast).</summary>
public sealed class TranscoderClip : IAsyncLifetime
{
    public MediaSamples Samples { get; } = new();

    public string Clip720 => Samples["clip-720.mp4"];
    public string Clip240 => Samples["clip-240.mp4"];

    public async Task InitializeAsync()
    {
        await Samples.FFmpegAsync("-f lavfi -i testsrc=size=1280x720:rate=25 -f lavfi -i sine=frequency=440 -t 6 " +
                                  "-c:v libx264 -preset ultrafast -c:a aac -pix_fmt yuv420p clip-720.mp4");
        await Samples.FFmpegAsync("-f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=440 -t 2 " +
                                  "-c:v libx264 -preset ultrafast -c:a aac -pix_fmt yuv420p clip-240.mp4");
    }

    public Task DisposeAsync() => Samples.DisposeAsync();
}

public sealed class MediaTranscoderTests(TranscoderClip clip, ITestOutputHelper output) : IClassFixture<TranscoderClip>, IDisposable
{
    private readonly MediaTranscoder _transcoder = new(Options.Create(new MediaOptions()));
    private readonly string _out = Directory.CreateTempSubdirectory("cp-transcode-").FullName;

    [Fact]
    public async Task A_720p_clip_becomes_720p_and_360p_H264_AAC_renditions_of_the_same_length_plus_audio()
    {
        var progress = new RecordingProgress();
        var clock = Stopwatch.StartNew();

        var renditions = await _transcoder.CreateVideoRenditionsAsync(clip.Clip720, _out, "intro", progress);

        output.WriteLine($"6 s 1280x720 clip → 720p + 360p + audio in {clock.Elapsed.TotalSeconds:0.0} s " +
                         $"({6 / clock.Elapsed.TotalSeconds:0.0}× real time)");
        Assert.Equal(["intro-720p.mp4", "intro-360p.mp4", "intro-audio.m4a"], renditions.Select(r => Path.GetFileName(r.Path)));
        foreach (var video in renditions.Where(r => r.Kind == RenditionKind.Video))
        {
            var probe = await _transcoder.ProbeAsync(video.Path);
            Assert.Equal("h264", probe.VideoCodec);
            Assert.Equal("aac", probe.AudioCodec);
            Assert.Equal(video.Height, probe.Height);
            Assert.Equal(video.Height * 16 / 9, probe.Width);
            Assert.InRange(probe.Duration.TotalSeconds, 5.5, 6.5);
        }
        var audio = await _transcoder.ProbeAsync(renditions[^1].Path);
        Assert.False(audio.HasVideo);
        Assert.Equal("aac", audio.AudioCodec);
        Assert.InRange(audio.Duration.TotalSeconds, 5.5, 6.5);

        Assert.Equal(100, progress.Values[^1]);
        Assert.True(progress.Values.Count > 2, $"only {progress.Values.Count} progress reports");
        Assert.Equal(progress.Values.Order(), progress.Values);
        Assert.Equal(progress.Values.Distinct().Count(), progress.Values.Count);
        // Sub-second resolution: some report falls between whole seconds of the 6 s clip (ffmpeg's time= has centiseconds).
        Assert.Contains(progress.Values[..^1], p => Math.Abs((p * 6 / 100) - Math.Round(p * 6 / 100)) > 0.01);
        Assert.Empty(Directory.EnumerateFiles(_out, ".*")); // no temporary files left
    }

    [Fact]
    public async Task Renditions_put_the_index_first_so_playback_starts_before_the_download_ends()
    {
        var renditions = await _transcoder.CreateVideoRenditionsAsync(clip.Clip240, _out, "small");

        var head = new byte[64];
        await using var file = File.OpenRead(renditions[0].Path);
        await file.ReadExactlyAsync(head);
        // +faststart: the 'moov' box follows 'ftyp' instead of trailing the media data.
        Assert.Contains("moov", System.Text.Encoding.ASCII.GetString(head), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_small_source_is_never_scaled_up()
    {
        var renditions = await _transcoder.CreateVideoRenditionsAsync(clip.Clip240, _out, "small");

        var video = Assert.Single(renditions, r => r.Kind == RenditionKind.Video);
        Assert.Equal(240, video.Height);
        Assert.Equal(240, (await _transcoder.ProbeAsync(video.Path)).Height);
    }

    [Fact]
    public async Task A_poster_JPEG_is_made_no_taller_than_720_pixels()
    {
        var poster = await _transcoder.CreatePosterAsync(clip.Clip720, Path.Combine(_out, "intro-poster.jpg"));

        var probe = await _transcoder.ProbeAsync(poster);
        Assert.Equal(720, probe.Height);
        Assert.Equal("mjpeg", probe.VideoCodec);
    }

    [Fact]
    public async Task Audio_is_loudness_normalised_to_AAC_in_an_m4a_file()
    {
        var progress = new RecordingProgress();

        var result = await _transcoder.NormalizeAudioAsync(clip.Clip720, Path.Combine(_out, "tone.m4a"), progress);

        var probe = await _transcoder.ProbeAsync(result.Path);
        Assert.False(probe.HasVideo);
        Assert.Equal("aac", probe.AudioCodec);
        Assert.InRange(probe.Duration.TotalSeconds, 5.5, 6.5);
        Assert.InRange(await IntegratedLoudnessAsync(result.Path), -17.5, -14.5); // -16 LUFS; loudnorm lands within ±1 LU
        Assert.Equal(100, progress.Values[^1]);
    }

    /// <summary>EBU R128 integrated loudness (LUFS) as ffmpeg's ebur128 filter measures it.</summary>
    private static async Task<double> IntegratedLoudnessAsync(string path)
    {
        var start = new ProcessStartInfo("ffmpeg", $"-hide_banner -nostats -i \"{path}\" -af ebur128 -f null -")
        {
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var log = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        // The summary at the end: "Integrated loudness:\n    I:         -16.1 LUFS"
        var summary = log[log.LastIndexOf("Integrated loudness:", StringComparison.Ordinal)..];
        var value = System.Text.RegularExpressions.Regex.Match(summary, @"I:\s+(-?[\d.]+) LUFS").Groups[1].Value;
        return double.Parse(value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Cancelling_mid_transcode_waits_for_ffmpeg_to_exit_and_leaves_no_output_file()
    {
        using var cancel = new CancellationTokenSource();
        List<ChildProcess> ffmpeg = [];
        var progress = new RecordingProgress(p =>
        {
            if (p > 10 && !cancel.IsCancellationRequested)
            {
                ffmpeg = FFmpegChildrenWorkingIn(_out);
                cancel.Cancel();
            }
        });
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _transcoder.CreateVideoRenditionsAsync(clip.Clip720, _out, "cancelled", progress, cancel.Token));

        output.WriteLine($"cancelled at {progress.Values.LastOrDefault():0}% after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.InRange(progress.Values.Last(), 10, 99.9);
        // The ffmpeg we saw working is gone (not even a zombie left to reap) by the time cancellation returns: a
        // survivor could still finish its +faststart pass and recreate a file after the check below.
        Assert.NotEmpty(ffmpeg);
        Assert.All(ffmpeg, p => Assert.False(p.IsStillThere(), $"ffmpeg {p.Pid} outlived the cancellation"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_out));
    }

    /// <summary>A process as /proc shows it; pid and start time together, so a reused pid is not mistaken for it.</summary>
    private sealed record ChildProcess(int Pid, string Name, int ParentPid, long StartTicks)
    {
        /// <summary>Still running, or exited but not yet reaped by us (a zombie: nobody waited for it).</summary>
        public bool IsStillThere() => Read(Pid) is { } now && now.StartTicks == StartTicks;

        public static ChildProcess? Read(int pid)
        {
            try
            {
                // "pid (comm) state ppid … starttime(22nd field) …"; comm may hold spaces, so split after the last ')'.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                return new ChildProcess(pid, stat[(open + 1)..close], int.Parse(fields[1], CultureInfo.InvariantCulture),
                    long.Parse(fields[19], CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null; // gone
            }
        }
    }

    private static List<ChildProcess> FFmpegChildrenWorkingIn(string folder)
    {
        var found = new List<ChildProcess>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid)
                && ChildProcess.Read(pid) is { Name: "ffmpeg" } child && child.ParentPid == Environment.ProcessId
                && CommandLine(pid).Contains(folder, StringComparison.Ordinal))
            {
                found.Add(child);
            }
        }
        return found;
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ""; // it just ended
        }
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);

    /// <summary>Records synchronously, in report order (Progress&lt;T&gt; would post to the thread pool and reorder).</summary>
    private sealed class RecordingProgress(Action<double>? onReport = null) : IProgress<double>
    {
        private readonly Lock _lock = new();
        private readonly List<double> _values = [];

        public List<double> Values
        {
            get
            {
                lock (_lock)
                {
                    return [.. _values];
                }
            }
        }

        public void Report(double value)
        {
            lock (_lock)
            {
                _values.Add(value);
            }
            onReport?.Invoke(value);
        }
    }
}
