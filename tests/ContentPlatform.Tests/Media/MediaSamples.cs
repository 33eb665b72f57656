using System.Diagnostics;

namespace ContentPlatform.Tests.Media;

/// <summary>
/// Small real media files made by ffmpeg's test sources into a temporary folder, once per test class that asks for them
/// (about a second in all), so the sniffer and transcoder see genuine bytes rather than hand-written headers.
/// </summary>
public sealed class MediaSamples : IAsyncLifetime
{
    private const string Picture = "-f lavfi -i testsrc=size=320x240:rate=25";
    private const string Tone = "-f lavfi -i sine=frequency=440";

    public string Folder { get; } = Directory.CreateTempSubdirectory("cp-samples-").FullName;

    public string this[string name] => Path.Combine(Folder, name);

    public async Task InitializeAsync()
    {
        await Task.WhenAll(
            FFmpegAsync($"{Picture} -frames:v 1 sample.jpg"),
            FFmpegAsync($"{Picture} -frames:v 1 sample.png"),
            FFmpegAsync($"{Picture} -frames:v 1 sample.webp"),
            FFmpegAsync($"{Picture} -frames:v 1 sample.gif"),
            FFmpegAsync($"{Picture} {Tone} -t 1 -c:v libx264 -preset ultrafast -c:a aac sample.mp4"),
            FFmpegAsync($"{Picture} {Tone} -t 1 -c:v libx264 -preset ultrafast -c:a aac -f mov sample.mov"),
            FFmpegAsync($"{Picture} {Tone} -t 1 -c:v libvpx -deadline realtime -c:a libopus sample.webm"),
            FFmpegAsync($"{Tone} -t 1 sample.mp3"),
            FFmpegAsync($"{Tone} -t 1 -id3v2_version 0 -write_xing 0 sample-no-id3.mp3"),
            FFmpegAsync($"{Tone} -t 1 -c:a aac sample.m4a"),
            FFmpegAsync($"{Tone} -t 1 sample.wav"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Runs ffmpeg in <see cref="Folder"/>; throws with its output if it fails.</summary>
    public async Task FFmpegAsync(string args)
    {
        var start = new ProcessStartInfo("ffmpeg", $"-hide_banner -loglevel error -y {args}")
        {
            WorkingDirectory = Folder,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {args} failed: {await stderr}");
        }
    }
}
