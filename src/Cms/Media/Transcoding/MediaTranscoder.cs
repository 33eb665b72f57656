using System.Globalization;
using FFMpegCore;
using FFMpegCore.Enums;
using FFMpegCore.Exceptions;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Media.Transcoding;

/// <summary>
/// Turns an uploaded video or audio file into what the delivery site plays: H.264/AAC MP4 renditions (720p, 360p), a
/// poster JPEG, and loudness-normalised AAC audio. It drives Debian's ffmpeg and ffprobe through FFMpegCore (MIT).
/// Every output is written under a temporary name and moved into place only when ffmpeg succeeded, so a cancelled or
/// failed run leaves no partial file behind; a cancelled run returns only once ffmpeg has exited.
/// </summary>
public sealed class MediaTranscoder
{
    /// <summary>The ladder, tallest first. A source is never scaled up: only heights at or below its own are made.</summary>
    public static readonly int[] LadderHeights = [720, 360];

    private const int AudioKbps = 128;
    private const int AudioSampleRate = 48000;

    /// <summary>
    /// Where ffmpeg and ffprobe live (Media:FFmpegPath), handed to every call instead of FFMpegCore's process-wide
    /// GlobalFFOptions, so nothing static is set and two hosts in one process (the tests) cannot disagree.
    /// </summary>
    private readonly FFOptions _binaries;

    public MediaTranscoder(IOptions<MediaOptions> options)
    {
        _binaries = new FFOptions { BinaryFolder = options.Value.FFmpegPath };
    }

    public async Task<MediaProbe> ProbeAsync(string inputPath, CancellationToken cancellationToken = default)
    {
        IMediaAnalysis info;
        try
        {
            info = await FFProbe.AnalyseAsync(Checked(inputPath), _binaries, cancellationToken: cancellationToken);
        }
        catch (FFMpegException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MediaTranscodeException($"ffprobe could not read '{Path.GetFileName(inputPath)}': {LastLines(e.Message)}", e);
        }
        var video = info.PrimaryVideoStream;
        var audio = info.PrimaryAudioStream;
        return new MediaProbe(info.Duration, video?.Width, video?.Height, video?.CodecName, video?.AverageFrameRate,
            audio?.CodecName, audio?.Channels);
    }

    /// <summary>
    /// One ffmpeg run (the source is decoded once) that writes "&lt;baseName&gt;-720p.mp4" and "&lt;baseName&gt;-360p.mp4"
    /// (only heights at or below the source's; a smaller source gets one rendition at its own height) and, when the video
    /// has sound, an audio-only "&lt;baseName&gt;-audio.m4a" for listening without the picture.
    /// </summary>
    public async Task<IReadOnlyList<Rendition>> CreateVideoRenditionsAsync(string inputPath, string outputDirectory, string baseName,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var probe = await ProbeAsync(inputPath, cancellationToken);
        if (!probe.HasVideo || probe.Height is not { } sourceHeight)
        {
            throw new MediaTranscodeException($"'{Path.GetFileName(inputPath)}' has no video stream.");
        }

        var heights = LadderHeights.Where(h => h <= sourceHeight).ToList();
        if (heights.Count == 0)
        {
            heights.Add(sourceHeight - (sourceHeight % 2)); // H.264 with yuv420p needs even dimensions
        }

        var renditions = heights
            .Select(h => new Rendition(Path.Combine(outputDirectory, $"{baseName}-{h}p.mp4"), RenditionKind.Video, h))
            .ToList();
        if (probe.HasAudio)
        {
            renditions.Add(new Rendition(Path.Combine(outputDirectory, $"{baseName}-audio.m4a"), RenditionKind.Audio, null));
        }

        await using var outputs = new PendingOutputs(renditions.Select(r => r.Path));
        var run = ProgressInput(inputPath).OutputToMany(many =>
        {
            for (var i = 0; i < heights.Count; i++)
            {
                var rung = i;
                many.OutputToFile(Checked(outputs.TempPathFor(renditions[rung].Path)), overwrite: true, o =>
                {
                    if (rung == 0)
                    {
                        // One decode: the picture is split once and scaled per rung (ffmpeg takes the graph as a global option).
                        o.WithComplexFilter(graph => ScaleLadder(graph, heights));
                    }
                    o.WithMap($"v{rung}");
                    if (probe.HasAudio)
                    {
                        o.WithMap(0, StreamType.Audio, 0);
                    }
                    // veryfast: ≈3.7× real time for 720p on two cores (TOOLCHAIN.md), with a quality good enough for talking heads.
                    // Keyframes every 2 s make seeking snappy and keep the files ready for segmenting into HLS later.
                    o.WithVideoCodec(VideoCodec.LibX264).WithSpeedPreset(EncoderPreset.VeryFast).WithConstantRateFactor(23)
                        .WithVideoProfile(VideoProfile.High).WithCustomArgument("-pix_fmt yuv420p")
                        .WithCustomArgument("-force_key_frames \"expr:gte(t,n_forced*2)\"");
                    AacMp4(o, "mp4");
                });
            }
            if (probe.HasAudio)
            {
                many.OutputToFile(Checked(outputs.TempPathFor(renditions[^1].Path)), overwrite: true,
                    o => NormalisedAudio(o.WithMap(0, StreamType.Audio, 0)));
            }
        });

        await RunAsync(run, probe.Duration, progress, cancellationToken);
        outputs.Commit();
        return renditions;
    }

    /// <summary>
    /// Loudness-normalised AAC audio in an M4A file, from an audio file or the sound of a video (the picture is dropped).
    /// </summary>
    public async Task<Rendition> NormalizeAudioAsync(string inputPath, string outputPath,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var probe = await ProbeAsync(inputPath, cancellationToken);
        if (!probe.HasAudio)
        {
            throw new MediaTranscodeException($"'{Path.GetFileName(inputPath)}' has no audio stream.");
        }
        await using var outputs = new PendingOutputs([outputPath]);
        var run = ProgressInput(inputPath)
            .OutputToFile(Checked(outputs.TempPathFor(outputPath)), overwrite: true,
                o => NormalisedAudio(o.WithMap(0, StreamType.Audio, 0)));
        await RunAsync(run, probe.Duration, progress, cancellationToken);
        outputs.Commit();
        return new Rendition(outputPath, RenditionKind.Audio, null);
    }

    /// <summary>
    /// A JPEG poster from a frame a tenth of the way in (at most 5 s): the first frame is often black or a fade-in.
    /// It is at most 720 pixels tall, like the largest rendition.
    /// </summary>
    public async Task<string> CreatePosterAsync(string inputPath, string outputPath, CancellationToken cancellationToken = default)
    {
        var probe = await ProbeAsync(inputPath, cancellationToken);
        if (!probe.HasVideo)
        {
            throw new MediaTranscodeException($"'{Path.GetFileName(inputPath)}' has no video stream.");
        }
        var at = TimeSpan.FromSeconds(Math.Min(probe.Duration.TotalSeconds * 0.1, 5));
        await using var outputs = new PendingOutputs([outputPath]);
        var run = FFMpegArguments.FromFileInput(Checked(inputPath), verifyExists: true, i => i.WithStartTime(at))
            .OutputToFile(Checked(outputs.TempPathFor(outputPath)), overwrite: true, o => o
                .WithFrameCount(1)
                .WithVideoFilters(v => v.WithCustomFilter("scale", "-2:min(720,ih)"))
                .WithVideoQualityScale(3)
                .WithCustomArgument("-f image2"));
        await RunAsync(run, duration: null, progress: null, cancellationToken);
        outputs.Commit();
        return outputPath;
    }

    private static void ScaleLadder(FFMpegCore.Arguments.ComplexFilterGraph graph, List<int> heights)
    {
        graph.From(0, StreamType.Video).WithCustomFilter("split", heights.Count.ToString(CultureInfo.InvariantCulture))
            .As([.. heights.Select((_, i) => $"s{i}")]);
        for (var i = 0; i < heights.Count; i++)
        {
            var height = heights[i];
            graph.From($"s{i}").Video(v => v.Scale(-2, height)).As($"v{i}");
        }
    }

    /// <summary>
    /// -16 LUFS integrated with -1.5 dBTP peaks is the usual target for spoken word on phones and laptops (EBU R128's
    /// -23 LUFS suits broadcast, but sounds too quiet next to other apps); patients should not have to ride the volume.
    /// </summary>
    private static void NormalisedAudio(FFMpegOutputOptions o)
    {
        o.DisableVideo().WithAudioFilters(a => a.LoudnessNormalizer(integratedLoudness: -16, loudnessRange: 11, truePeak: -1.5));
        AacMp4(o, "ipod"); // ipod: the MP4 flavour that M4A players expect
    }

    /// <summary>AAC at a fixed rate and sample rate, index first (+faststart) so playback starts before the download ends.</summary>
    private static void AacMp4(FFMpegOutputOptions o, string container) =>
        o.WithAudioCodec(AudioCodec.Aac).WithAudioBitrate(AudioKbps).WithAudioSamplingRate(AudioSampleRate)
            .WithFastStart().WithCustomArgument($"-f {container}");

    /// <summary>
    /// An input whose run reports progress ten times a second instead of ffmpeg's default two: a short clip is done in a
    /// second or two, and the producer should still see the bar move (and a cancel land mid-run) rather than jump to the end.
    /// </summary>
    private static FFMpegArguments ProgressInput(string inputPath) =>
        FFMpegArguments.FromFileInput(Checked(inputPath), verifyExists: true, i => i.WithCustomArgument("-stats_period 0.1"));

    private async Task RunAsync(FFMpegArgumentProcessor run, TimeSpan? duration, IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        if (progress is not null && duration is { TotalSeconds: > 0 } total)
        {
            // FFMpegCore reads ffmpeg's "time=" (centiseconds). 100 is reported only once the outputs are complete.
            var last = 0.0;
            run.NotifyOnPercentageProgress(p =>
            {
                var percent = Math.Clamp(p, 0, 99.9);
                if (percent > last)
                {
                    last = percent;
                    progress.Report(percent);
                }
            }, total);
        }
        // No grace period: on cancellation FFMpegCore asks ffmpeg to quit and kills it at once (a graceful stop would
        // only finish files that are deleted anyway), and the run still returns only after ffmpeg has exited, so
        // nothing can write into the outputs' place after the caller has cleaned up.
        run.CancellableThrough(cancellationToken, gracePeriod: TimeSpan.Zero);
        FFMpegResult result;
        try
        {
            // The token is already registered above; passing it here too would add FFMpegCore's default 5 s grace period.
            result = await run.ProcessAsynchronously(throwOnError: false, _binaries, CancellationToken.None);
        }
        catch (FFMpegException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MediaTranscodeException($"ffmpeg could not start: {e.Message}", e); // e.g. no ffmpeg in Media:FFmpegPath
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Success)
        {
            throw new MediaTranscodeException($"ffmpeg failed: {LastLines(string.Join('\n', result.StandardError))}");
        }
        progress?.Report(100);
    }

    /// <summary>FFMpegCore puts paths in double quotes without escaping, so a quote inside one would split the command.</summary>
    private static string Checked(string path) =>
        path.Contains('"', StringComparison.Ordinal)
            ? throw new ArgumentException($"Media paths cannot contain a double quote: {path}", nameof(path))
            : path;

    private static string LastLines(string output) =>
        string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}

public sealed class MediaTranscodeException(string message, Exception? inner = null) : Exception(message, inner);
