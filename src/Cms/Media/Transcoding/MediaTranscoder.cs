using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Xabe.FFmpeg;

namespace ContentPlatform.Cms.Media.Transcoding;

/// <summary>
/// Turns an uploaded video or audio file into what the delivery site plays: H.264/AAC MP4 renditions (720p, 360p), a
/// poster JPEG, and loudness-normalised AAC audio. It drives Debian's ffmpeg through Xabe.FFmpeg, which is licensed
/// CC BY-NC-SA 3.0 (non-commercial; a commercial deployment needs Xabe's commercial licence or to call ffmpeg directly).
/// Every output is written under a temporary name and moved into place only when ffmpeg succeeded, so a cancelled or
/// failed run leaves no partial file behind.
/// </summary>
public sealed partial class MediaTranscoder
{
    /// <summary>The ladder, tallest first. A source is never scaled up: only heights at or below its own are made.</summary>
    public static readonly int[] LadderHeights = [720, 360];

    /// <summary>
    /// -16 LUFS integrated with -1.5 dBTP peaks is the usual target for spoken word on phones and laptops (EBU R128's
    /// -23 LUFS suits broadcast, but sounds too quiet next to other apps); patients should not have to ride the volume.
    /// </summary>
    private const string LoudnessFilter = "loudnorm=I=-16:TP=-1.5:LRA=11";

    private const string AudioEncoding = "-c:a aac -b:a 128k -ar 48000";

    public MediaTranscoder(IOptions<MediaOptions> options)
    {
        // Xabe only has a process-wide setting for where ffmpeg lives; every instance sets the same configured value.
        FFmpeg.SetExecutablesPath(options.Value.FFmpegPath);
    }

    public async Task<MediaProbe> ProbeAsync(string inputPath, CancellationToken cancellationToken = default)
    {
        var info = await FFmpeg.GetMediaInfo(inputPath, cancellationToken);
        var video = info.VideoStreams.FirstOrDefault();
        var audio = info.AudioStreams.FirstOrDefault();
        return new MediaProbe(info.Duration, video?.Width, video?.Height, video?.Codec, video?.Framerate,
            audio?.Codec, audio?.Channels);
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
        var split = string.Join("", heights.Select((_, i) => $"[s{i}]"));
        var scales = string.Join(";", heights.Select((h, i) => $"[s{i}]scale=-2:{h}[v{i}]"));
        var args = $"-y -hide_banner -i {Quote(inputPath)} -filter_complex \"[0:v]split={heights.Count}{split};{scales}\"";
        for (var i = 0; i < heights.Count; i++)
        {
            // veryfast: ≈3.7× real time for 720p on two cores (TOOLCHAIN.md), with a quality good enough for talking heads.
            // Keyframes every 2 s make seeking snappy and keep the files ready for segmenting into HLS later.
            args += $" -map \"[v{i}]\" -map 0:a? -c:v libx264 -preset veryfast -crf 23 -profile:v high -pix_fmt yuv420p" +
                    " -force_key_frames \"expr:gte(t,n_forced*2)\"" +
                    $" {AudioEncoding} -movflags +faststart -f mp4 {Quote(outputs.TempPathFor(renditions[i].Path))}";
        }
        if (probe.HasAudio)
        {
            args += $" -map 0:a:0 -vn -af {LoudnessFilter} {AudioEncoding} -movflags +faststart -f ipod " +
                    Quote(outputs.TempPathFor(renditions[^1].Path));
        }

        await RunAsync(args, probe.Duration, progress, cancellationToken);
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
        await RunAsync($"-y -hide_banner -i {Quote(inputPath)} -map 0:a:0 -vn -af {LoudnessFilter} {AudioEncoding} " +
                       $"-movflags +faststart -f ipod {Quote(outputs.TempPathFor(outputPath))}",
            probe.Duration, progress, cancellationToken);
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
        await RunAsync($"-y -hide_banner -ss {at.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} -i {Quote(inputPath)} " +
                       $"-frames:v 1 -vf \"scale=-2:'min(720,ih)'\" -q:v 3 -f image2 {Quote(outputs.TempPathFor(outputPath))}",
            duration: null, progress: null, cancellationToken);
        outputs.Commit();
        return outputPath;
    }

    private static async Task RunAsync(string args, TimeSpan? duration, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var conversion = FFmpeg.Conversions.New();
        var last = 0.0;
        if (progress is not null && duration is { TotalSeconds: > 0 } total)
        {
            // Xabe's own progress event rounds to whole seconds; ffmpeg's "time=" has centiseconds, so parse it here.
            conversion.OnDataReceived += (_, e) =>
            {
                if (e.Data is null || TimeRegex().Match(e.Data) is not { Success: true } m)
                {
                    return;
                }
                var at = TimeSpan.ParseExact(m.Groups[1].Value, @"hh\:mm\:ss\.ff", CultureInfo.InvariantCulture);
                var percent = Math.Clamp(at / total * 100, 0, 99.9); // 100 only once the output is complete
                if (percent > last)
                {
                    last = percent;
                    progress.Report(percent);
                }
            };
        }
        try
        {
            await conversion.Start(args, cancellationToken);
        }
        catch (Xabe.FFmpeg.Exceptions.ConversionException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MediaTranscodeException($"ffmpeg failed: {LastLines(e.Message)}", e);
        }
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(100);
    }

    private static string Quote(string path) =>
        path.Contains('"', StringComparison.Ordinal)
            ? throw new ArgumentException($"Media paths cannot contain a double quote: {path}", nameof(path))
            : $"\"{path}\"";

    private static string LastLines(string output) =>
        string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));

    [GeneratedRegex(@"time=(\d{2}:\d{2}:\d{2}\.\d{2})")]
    private static partial Regex TimeRegex();
}

public sealed class MediaTranscodeException(string message, Exception? inner = null) : Exception(message, inner);
