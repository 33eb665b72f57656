using System.Text.RegularExpressions;

namespace ContentPlatform.Cms.Programs.Changes;

public enum WordChange
{
    Same,
    Removed,
    Inserted,
}

/// <summary>A run of words that stayed, were removed or were inserted, with the spaces between them.</summary>
public sealed record WordRun(WordChange Change, string Text);

/// <summary>
/// Word by word, what changed inside one text: Myers' shortest edit script over word, space and punctuation tokens.
/// The work is bounded: after the common start and end are set aside, a text whose middle needs more than
/// <see cref="MaxEdits"/> token edits is shown as removed and re-inserted whole rather than computed at length.
/// </summary>
public static partial class WordDiff
{
    /// <summary>Beyond this many token edits the texts are too different for a word view to help a reader.</summary>
    public const int MaxEdits = 800;

    public static IReadOnlyList<WordRun> Compare(string? before, string? after)
    {
        var a = Tokens(before ?? "");
        var b = Tokens(after ?? "");
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start])
        {
            start++;
        }
        var end = 0;
        while (end < a.Length - start && end < b.Length - start && a[^(end + 1)] == b[^(end + 1)])
        {
            end++;
        }
        var runs = new Runs();
        runs.Add(WordChange.Same, a[..start]);
        var middleA = a[start..^end];
        var middleB = b[start..^end];
        var script = Script(middleA, middleB);
        if (script is null)
        {
            runs.Add(WordChange.Removed, middleA);
            runs.Add(WordChange.Inserted, middleB);
        }
        else
        {
            foreach (var (change, token) in script)
            {
                runs.Add(change, [token]);
            }
        }
        runs.Add(WordChange.Same, a[^end..]);
        return Tidy(runs.ToList());
    }

    /// <summary>Words (letters and digits, so "æ", "ø", "å" and "kva" are words), runs of space, and single marks.</summary>
    [GeneratedRegex(@"[\p{L}\p{M}\p{N}]+|\s+|[^\p{L}\p{M}\p{N}\s]", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    private static string[] Tokens(string text) => Token().Matches(text).Select(m => m.Value).ToArray();

    /// <summary>
    /// The edit script (Myers 1986, forward with a saved trace), or null when it needs more than MaxEdits. Also orders
    /// ids: the program comparison uses it to find the fewest moves.
    /// </summary>
    internal static List<(WordChange Change, string Token)>? Script(string[] a, string[] b)
    {
        int n = a.Length, m = b.Length, offset = n + m + 1;
        var v = new int[2 * offset + 1];
        var trace = new List<int[]>();
        for (var d = 0; d <= Math.Min(n + m, MaxEdits); d++)
        {
            // Only diagonals -d..d can matter at step d: keeping just those makes the trace O(D²), not O(D·(N+M)).
            trace.Add(v[(offset - d)..(offset + d + 1)]);
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    (x, y) = (x + 1, y + 1);
                }
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    return Backtrack(a, b, trace);
                }
            }
        }
        return null;
    }

    private static List<(WordChange Change, string Token)> Backtrack(string[] a, string[] b, List<int[]> trace)
    {
        var script = new List<(WordChange Change, string Token)>();
        int x = a.Length, y = b.Length;
        for (var d = trace.Count - 1; d > 0; d--)
        {
            var v = trace[d];
            var k = x - y;
            var down = k == -d || (k != d && v[d + k - 1] < v[d + k + 1]);
            var previousK = down ? k + 1 : k - 1;
            var previousX = v[d + previousK];
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY)
            {
                script.Add((WordChange.Same, a[--x]));
                y--;
            }
            script.Add(down ? (WordChange.Inserted, b[--y]) : (WordChange.Removed, a[--x]));
        }
        while (x > 0 && y > 0)
        {
            script.Add((WordChange.Same, a[--x]));
            y--;
        }
        script.Reverse();
        return script;
    }

    /// <summary>Tokens gathered into runs of one kind; a builder per run keeps long texts linear.</summary>
    private sealed class Runs
    {
        private readonly List<(WordChange Change, System.Text.StringBuilder Text)> _runs = [];

        public void Add(WordChange change, IEnumerable<string> tokens)
        {
            foreach (var token in tokens)
            {
                if (_runs.Count == 0 || _runs[^1].Change != change)
                {
                    _runs.Add((change, new()));
                }
                _runs[^1].Text.Append(token);
            }
        }

        public List<WordRun> ToList() => _runs.Select(r => new WordRun(r.Change, r.Text.ToString())).ToList();
    }

    /// <summary>
    /// Reads as a person would mark it: a lone space kept between two changes joins them ("<del>gamle ord</del>"
    /// rather than "<del>gamle</del> <del>ord</del>"), and each change shows its removed words before its inserted ones.
    /// </summary>
    private static List<WordRun> Tidy(List<WordRun> runs)
    {
        var merged = new List<WordRun>();
        var i = 0;
        while (i < runs.Count)
        {
            if (runs[i].Change == WordChange.Same)
            {
                merged.Add(runs[i++]);
                continue;
            }
            var removed = "";
            var inserted = "";
            while (i < runs.Count)
            {
                var run = runs[i];
                if (run.Change == WordChange.Removed)
                {
                    removed += run.Text;
                }
                else if (run.Change == WordChange.Inserted)
                {
                    inserted += run.Text;
                }
                else if (string.IsNullOrWhiteSpace(run.Text) && i + 1 < runs.Count && Joins(removed, inserted, runs[i + 1].Change))
                {
                    // A space between two changed stretches is part of each side that goes on.
                    removed += removed.Length > 0 ? run.Text : "";
                    inserted += inserted.Length > 0 ? run.Text : "";
                }
                else
                {
                    break;
                }
                i++;
            }
            if (removed.Length > 0)
            {
                merged.Add(new(WordChange.Removed, removed));
            }
            if (inserted.Length > 0)
            {
                merged.Add(new(WordChange.Inserted, inserted));
            }
        }
        return merged;
    }

    /// <summary>Whether a space can join the change so far to the next one without either text losing or gaining it.</summary>
    private static bool Joins(string removed, string inserted, WordChange next) =>
        (removed.Length > 0 && inserted.Length > 0)
        || (removed.Length > 0 && next == WordChange.Removed)
        || (inserted.Length > 0 && next == WordChange.Inserted);
}
