using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.Programs;

public enum DiffKind
{
    Added,
    Removed,
    Changed,
    Moved,
}

/// <summary>One difference between two versions of a program: a text in one language, or a structural change.</summary>
public sealed record DiffEntry(DiffKind Kind, string Key, ContentLocation Location, string? Language = null, string? Before = null, string? After = null);

/// <summary>What changed between two versions: per text and language, plus modules, pages and blocks added, removed or moved.</summary>
public static class ProgramDiff
{
    public static IReadOnlyList<DiffEntry> Compare(ProgramContent before, ProgramContent after)
    {
        var entries = new List<DiffEntry>();
        CompareStructure(before, after, entries);
        var old = ContentTexts.Enumerate(before).ToDictionary(t => t.Key, StringComparer.Ordinal);
        var now = ContentTexts.Enumerate(after).ToDictionary(t => t.Key, StringComparer.Ordinal);
        foreach (var (key, text) in now)
        {
            old.TryGetValue(key, out var was);
            foreach (var language in text.Text.Keys.Union(was?.Text.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal))
            {
                var a = was is not null && was.Text.TryGetValue(language, out var x) ? x : null;
                var b = text.Text.TryGetValue(language, out var y) ? y : null;
                if (a != b)
                {
                    var kind = a is null ? DiffKind.Added : b is null ? DiffKind.Removed : DiffKind.Changed;
                    entries.Add(new(kind, key, text.Location with { Language = language }, language, a, b));
                }
            }
        }
        foreach (var (key, text) in old.Where(o => !now.ContainsKey(o.Key)))
        {
            foreach (var (language, value) in text.Text)
            {
                entries.Add(new(DiffKind.Removed, key, text.Location with { Language = language }, language, value, null));
            }
        }
        return entries;
    }

    private static void CompareStructure(ProgramContent before, ProgramContent after, List<DiffEntry> entries)
    {
        var a = Outline(before);
        var b = Outline(after);
        foreach (var (id, (where, position)) in b)
        {
            if (!a.TryGetValue(id, out var was))
            {
                entries.Add(new(DiffKind.Added, id, where));
            }
            else if (was.Position != position)
            {
                entries.Add(new(DiffKind.Moved, id, where, Before: was.Position, After: position));
            }
        }
        foreach (var (id, (where, _)) in a.Where(x => !b.ContainsKey(x.Key)))
        {
            entries.Add(new(DiffKind.Removed, id, where));
        }
    }

    /// <summary>Every module, page and block id with where it sits ("2", "2.1", "2.1.3").</summary>
    private static Dictionary<string, (ContentLocation Where, string Position)> Outline(ProgramContent program)
    {
        var outline = new Dictionary<string, (ContentLocation, string)>(StringComparer.Ordinal);
        for (var m = 0; m < program.Modules.Count; m++)
        {
            var module = program.Modules[m];
            outline[module.Id] = (new(module.Id), $"{m + 1}");
            for (var p = 0; p < module.Pages.Count; p++)
            {
                var page = module.Pages[p];
                outline[page.Id] = (new(module.Id, page.Id), $"{m + 1}.{p + 1}");
                for (var k = 0; k < page.Blocks.Count; k++)
                {
                    outline[page.Blocks[k].Id] = (new(module.Id, page.Id, page.Blocks[k].Id), $"{m + 1}.{p + 1}.{k + 1}");
                }
            }
        }
        return outline;
    }
}
