using System.Globalization;
using System.Text;

namespace ContentPlatform.Cms.Media.Captions;

/// <summary>One thing wrong in a caption file, with its 1-based line so an editor can find and fix it.</summary>
public sealed record VttProblem(int Line, string Code, string Message);

public sealed record VttReport(IReadOnlyList<VttProblem> Problems, int CueCount)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Checks a WebVTT caption file before it is attached to a video, so a broken file is refused at upload with the line
/// to fix rather than showing no captions to a patient who depends on them. It follows the WebVTT parsing rules for what
/// matters to players (header, cue timings) and, like the spec, allows overlapping cues (two speakers at once).
/// </summary>
public static class WebVttValidator
{
    public static async Task<VttReport> ValidateAsync(Stream content, CancellationToken cancellationToken = default)
    {
        using var memory = new MemoryStream();
        await content.CopyToAsync(memory, cancellationToken);
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
                .GetString(memory.GetBuffer(), 0, (int)memory.Length);
        }
        catch (DecoderFallbackException)
        {
            return new VttReport([new VttProblem(1, "not-utf8", "The file is not UTF-8 text; save it as UTF-8.")], 0);
        }
        return Validate(text);
    }

    public static VttReport Validate(string text)
    {
        var problems = new List<VttProblem>();
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');

        var header = lines[0];
        if (!header.StartsWith("WEBVTT", StringComparison.Ordinal) || (header.Length > 6 && header[6] is not (' ' or '\t')))
        {
            problems.Add(new VttProblem(1, "missing-header", "The first line must be \"WEBVTT\" (optionally followed by a space and a title)."));
        }

        var cues = 0;
        var i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++) // the rest of the header block
        {
            if (lines[i].Contains("-->", StringComparison.Ordinal))
            {
                problems.Add(new VttProblem(i + 1, "missing-blank-line",
                    "Put an empty line between the WEBVTT header and the first cue; players ignore this cue otherwise."));
            }
        }
        while (i < lines.Length)
        {
            if (lines[i].Length == 0)
            {
                i++;
                continue;
            }
            var first = lines[i];
            if (IsKeywordBlock(first, "NOTE") || IsKeywordBlock(first, "STYLE") || IsKeywordBlock(first, "REGION"))
            {
                SkipBlock(lines, ref i);
                continue;
            }

            // A cue: an optional identifier line, then the timing line, then its text up to a blank line.
            var timingIndex = first.Contains("-->", StringComparison.Ordinal) ? i : i + 1;
            if (timingIndex >= lines.Length || !lines[timingIndex].Contains("-->", StringComparison.Ordinal))
            {
                problems.Add(new VttProblem(i + 1, "missing-timing",
                    "This block has no cue timing line such as \"00:00:01.000 --> 00:00:04.000\" (as its first or second line)."));
                SkipBlock(lines, ref i);
                continue;
            }
            cues++;
            CheckTiming(lines[timingIndex], timingIndex + 1, problems);
            for (var t = timingIndex + 1; t < lines.Length && lines[t].Length > 0; t++)
            {
                if (lines[t].Contains("-->", StringComparison.Ordinal))
                {
                    problems.Add(new VttProblem(t + 1, "missing-blank-line",
                        "A cue's text cannot contain \"-->\"; put an empty line between cues."));
                }
            }
            i = timingIndex;
            SkipBlock(lines, ref i);
        }
        return new VttReport(problems, cues);
    }

    private static void CheckTiming(string line, int lineNumber, List<VttProblem> problems)
    {
        var arrow = line.IndexOf("-->", StringComparison.Ordinal);
        var startText = line[..arrow].Trim();
        var rest = line[(arrow + 3)..].TrimStart();
        var endText = rest.Split([' ', '\t'], 2)[0];

        var start = ParseTimestamp(startText);
        var end = ParseTimestamp(endText);
        if (start is null)
        {
            problems.Add(new VttProblem(lineNumber, "bad-timestamp",
                $"\"{startText}\" is not a valid start time; use hh:mm:ss.ttt or mm:ss.ttt, e.g. 00:01:02.500."));
        }
        if (end is null)
        {
            problems.Add(new VttProblem(lineNumber, "bad-timestamp",
                $"\"{endText}\" is not a valid end time; use hh:mm:ss.ttt or mm:ss.ttt, e.g. 00:01:05.000."));
        }
        if (start is { } s && end is { } e && e <= s)
        {
            problems.Add(new VttProblem(lineNumber, "end-before-start",
                $"The cue ends ({endText}) before or when it starts ({startText})."));
        }
    }

    /// <summary>WebVTT timestamps: optional hours (two or more digits), minutes and seconds 00–59, exactly three decimals.</summary>
    internal static TimeSpan? ParseTimestamp(string value)
    {
        var parts = value.Split(':');
        if (parts.Length is not (2 or 3))
        {
            return null;
        }
        var secondsPart = parts[^1].Split('.');
        if (secondsPart.Length != 2 || secondsPart[1].Length != 3 || secondsPart[0].Length != 2 ||
            parts[^2].Length != 2 || (parts.Length == 3 && parts[0].Length < 2))
        {
            return null;
        }
        if (!AllDigits(parts[..^1]) || !AllDigits(secondsPart))
        {
            return null;
        }
        var hours = parts.Length == 3 ? long.Parse(parts[0], CultureInfo.InvariantCulture) : 0;
        var minutes = int.Parse(parts[^2], CultureInfo.InvariantCulture);
        var seconds = int.Parse(secondsPart[0], CultureInfo.InvariantCulture);
        var millis = int.Parse(secondsPart[1], CultureInfo.InvariantCulture);
        if (minutes > 59 || seconds > 59 || hours > 99_999)
        {
            return null;
        }
        return new TimeSpan(0, (int)hours, minutes, seconds, millis);
    }

    private static bool AllDigits(IEnumerable<string> parts) => parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit));

    private static bool IsKeywordBlock(string line, string keyword) =>
        line.StartsWith(keyword, StringComparison.Ordinal) && (line.Length == keyword.Length || line[keyword.Length] is ' ' or '\t');

    private static void SkipBlock(string[] lines, ref int i)
    {
        while (i < lines.Length && lines[i].Length > 0)
        {
            i++;
        }
    }
}
