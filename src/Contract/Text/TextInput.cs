using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ContentPlatform.Contract.Text;

/// <summary>Why a file name was refused: it had nothing visible, or it is longer than <see cref="TextInput.MaxFileNameLength"/>.</summary>
public enum FileNameProblem
{
    None,
    Empty,
    TooLong,
}

/// <summary>
/// The one rule for text people type or upload into either app: messages, names, titles and file names. Every input path
/// calls it, so a name that looks empty, reads backwards or hides a NUL cannot get in by a path that was forgotten.
/// <list type="bullet">
/// <item>Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) are removed: they make a file name such as
/// <c>invoice‮fdp.exe</c> read as something else, and a name or title display in another order than it is stored.</item>
/// <item>Control characters (NUL, escape, …) are removed; a message body keeps its line breaks and tabs, a one-line text
/// turns them into spaces.</item>
/// <item>Whitespace and invisible characters (zero-width space/joiners, word joiner, BOM, soft hyphen, fillers) are
/// trimmed from both ends; text made only of them is empty, and callers refuse empty text with a reason. Inside the text
/// they stay: joiners are part of emoji and of some scripts' spelling.</item>
/// </list>
/// </summary>
public static class TextInput
{
    /// <summary>The longest file name any upload path accepts (the media tables' column is this wide).</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>A name or a title: one line.</summary>
    public static string Line(string? text) => Clean(text, multiLine: false);

    /// <summary>A person's display name: a <see cref="Line"/> that never keeps a path separator.</summary>
    public static string Name(string? text) => Line(Line(text).Replace('/', ' ').Replace('\\', ' '));

    /// <summary>A message body: line breaks and tabs kept, every line ending as \n.</summary>
    public static string Body(string? text) => Clean(text, multiLine: true);

    /// <summary>True when the text has nothing visible (only whitespace, invisible or control characters).</summary>
    public static bool IsBlank([NotNullWhen(false)] string? text) => Line(text).Length == 0;

    /// <summary>
    /// The name an uploaded file is shown and stored under: its last path segment (a browser may send
    /// <c>C:\fakepath\x.jpg</c>; an archive entry may carry folders), cleaned as a <see cref="Line"/>, never with a path
    /// separator or NUL. Refused when nothing is left or it is longer than <see cref="MaxFileNameLength"/>.
    /// </summary>
    public static (string Name, FileNameProblem Problem) FileName(string? name)
    {
        var cleaned = Line(name);
        var cut = cleaned.LastIndexOfAny(['/', '\\']);
        var last = Line(cut < 0 ? cleaned : cleaned[(cut + 1)..]);
        if (last.Length == 0 || last is "." or "..")
        {
            return ("", FileNameProblem.Empty);
        }
        return last.Length > MaxFileNameLength ? ("", FileNameProblem.TooLong) : (last, FileNameProblem.None);
    }

    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>Characters with no visible mark of their own: counted as blank at the ends of a text.</summary>
    public static bool IsInvisible(char c) =>
        char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u2060' or '\u2061' or '\u2062'
            or '\u2063' or '\u2064' or '\uFEFF' or '\u00AD' or '\u034F' or '\u061C' or '\u180E' or '\u115F' or '\u1160' or '\u3164'
            or '\uFFA0';

    private static string Clean(string? text, bool multiLine)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsBidiControl(c))
            {
                continue;
            }
            if (c is '\r' or '\n' or '\t' or '\u2028' or '\u2029')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    continue; // \r\n is one line break: the \n follows
                }
                result.Append(!multiLine ? ' ' : c == '\t' ? '\t' : '\n');
                continue;
            }
            if (char.IsControl(c))
            {
                continue;
            }
            result.Append(c);
        }
        var start = 0;
        var end = result.Length;
        while (start < end && IsInvisible(result[start]))
        {
            start++;
        }
        while (end > start && IsInvisible(result[end - 1]))
        {
            end--;
        }
        return result.ToString(start, end - start);
    }
}
