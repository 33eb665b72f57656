using System.Diagnostics;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.E2E.Infrastructure;

/// <summary>
/// Where a journey's time goes: each page load, axe check and whole journey is appended to journey-steps.tsv in the
/// artifacts folder (elapsed ms, journey, step, page), so a slow CI run can be read afterwards without rerunning it.
/// </summary>
public static class StepTimings
{
    private static readonly Lock Gate = new();

    public static string FilePath => Path.Combine(
        Environment.GetEnvironmentVariable("E2E_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepoPaths.Root, "artifacts", "e2e"),
        "journey-steps.tsv");

    public static void Record(string journey, string step, string page, long startedTimestamp)
    {
        var elapsed = Stopwatch.GetElapsedTime(startedTimestamp);
        var path = Uri.TryCreate(page, UriKind.Absolute, out var uri) ? uri.AbsolutePath : page;
        var line = $"{DateTime.UtcNow:HH:mm:ss.fff}\t{elapsed.TotalMilliseconds:F0}\t{journey}\t{step}\t{path}\n";
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            File.AppendAllText(FilePath, line);
        }
    }
}
