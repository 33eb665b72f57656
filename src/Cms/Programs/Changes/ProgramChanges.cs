using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Cms.Programs.Changes;

/// <summary>
/// The one comparison of two versions of a program, used by the management API (<c>/diff</c>), the command line, the
/// review, history and import pages and the program status ("changed since publishing"). It reports:
/// <list type="bullet">
/// <item>every text per field and language (a missing text and an empty or blank one are the same: no text);</item>
/// <item>every setting that is not a text, field by field (program, modules, blocks, questionnaires, reply templates);</item>
/// <item>modules, pages, blocks and questionnaires added or removed (by their stable ids), and moved: to another parent,
/// or out of their order among the siblings both versions share (the fewest moves that explain the new order).</item>
/// </list>
/// </summary>
public static class ProgramChanges
{
    public static IReadOnlyList<ProgramChange> Compare(ProgramContent? before, ProgramContent after)
    {
        var a = Outline.Of(before);
        var b = Outline.Of(after);
        var changes = new List<ProgramChange>();
        Structure(a, b, changes);
        Settings(before, after, a, b, changes);
        Texts(before, after, a, b, changes);
        return changes;
    }

    /// <summary>Whether the draft says anything other than the release does (status "changed since publishing").</summary>
    public static bool Differ(ProgramContent released, ProgramContent draft) => Compare(released, draft).Count > 0;

    private static void Structure(Outline a, Outline b, List<ProgramChange> changes)
    {
        foreach (var (what, prefix) in new[] { ("module", "module"), ("page", "page"), ("block", "block"), ("questionnaire", "questionnaire") })
        {
            var before = a.Nodes.Where(n => n.What == what).ToList();
            var after = b.Nodes.Where(n => n.What == what).ToList();
            var beforeIds = before.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            var afterIds = after.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            changes.AddRange(after.Where(n => !beforeIds.Contains(n.Id))
                .Select(n => new ProgramChange(ChangeKind.Added, what, $"{prefix}:{n.Id}", n.Location, n.Place)));
            changes.AddRange(before.Where(n => !afterIds.Contains(n.Id))
                .Select(n => new ProgramChange(ChangeKind.Removed, what, $"{prefix}:{n.Id}", n.Location, n.Place)));
            var moved = Moved(before.Where(n => afterIds.Contains(n.Id)).ToList(), after.Where(n => beforeIds.Contains(n.Id)).ToList());
            changes.AddRange(after.Where(n => moved.Contains(n.Id))
                .Select(n => new ProgramChange(ChangeKind.Moved, what, $"{prefix}:{n.Id}", n.Location, n.Place,
                    a.Nodes.First(x => x.Id == n.Id && x.What == what).Position, n.Position)));
        }
    }

    /// <summary>
    /// Kept nodes that changed parent, or that fall outside the longest run the two orders share within a parent: moving
    /// one module to the front is one move, not one per module it passed.
    /// </summary>
    private static HashSet<string> Moved(List<Outline.Node> before, List<Outline.Node> after)
    {
        var parentBefore = before.ToDictionary(n => n.Id, n => n.Parent, StringComparer.Ordinal);
        var moved = after.Where(n => parentBefore[n.Id] != n.Parent).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var group in after.Where(n => !moved.Contains(n.Id)).GroupBy(n => n.Parent))
        {
            var now = group.Select(n => n.Id).ToArray();
            var was = before.Where(n => n.Parent == group.Key && now.Contains(n.Id)).Select(n => n.Id).ToArray();
            var script = WordDiff.Script(was, now);
            var kept = script?.Where(s => s.Change == WordChange.Same).Select(s => s.Token).ToHashSet(StringComparer.Ordinal);
            moved.UnionWith(now.Where((id, i) => kept is null ? was[i] != id : !kept.Contains(id)));
        }
        return moved;
    }

    private static void Settings(ProgramContent? before, ProgramContent after, Outline a, Outline b, List<ProgramChange> changes)
    {
        Add(changes, "program", new(), new(), before is null ? [] :
            SettingsDiff.Compare(Comparable(before, after), Comparable(after, before), nameof(ProgramContent.Modules), nameof(ProgramContent.Questionnaires)));
        foreach (var node in b.Nodes)
        {
            if (a.Find(node.What, node.Id) is not { } was)
            {
                continue;
            }
            var skip = node.What switch { "module" => nameof(ModuleContent.Pages), "page" => nameof(PageContent.Blocks), _ => "" };
            Add(changes, $"{node.What}:{node.Id}", node.Location, node.Place, SettingsDiff.Compare(was.Value, node.Value, skip));
        }
    }

    /// <summary>
    /// A cover added or removed is compared with an empty one, so the review names the image, not just "cover"; reminder
    /// settings set for the first time are compared with the defaults they replace, so the review names each field changed.
    /// </summary>
    private static ProgramContent Comparable(ProgramContent program, ProgramContent other) =>
        program with
        {
            Cover = program.Cover is null && other.Cover is not null ? new CoverImage() : program.Cover,
            Reminders = program.Reminders is null && other.Reminders is not null ? new ReminderSettings() : program.Reminders,
        };

    private static void Add(List<ProgramChange> changes, string key, ContentLocation location, ChangePlace place, IReadOnlyList<SettingChange> settings) =>
        changes.AddRange(settings.Select(s => new ProgramChange(s.Kind, ProgramChange.Settings, $"{key}:{s.Field}",
            location with { Field = s.Field }, place with { Field = s.Field }, s.Before, s.After)));

    private static void Texts(ProgramContent? before, ProgramContent after, Outline a, Outline b, List<ProgramChange> changes)
    {
        var old = new Dictionary<string, ContentText>(StringComparer.Ordinal);
        foreach (var text in before is null ? [] : ContentTexts.Enumerate(before))
        {
            old.TryAdd(text.Key, text);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in ContentTexts.Enumerate(after))
        {
            if (seen.Add(text.Key))
            {
                old.Remove(text.Key, out var was);
                AddText(changes, text.Key, text.Location, b.PlaceOf(text.Location), was?.Text, text.Text);
            }
        }
        foreach (var (key, was) in old)
        {
            AddText(changes, key, was.Location, a.PlaceOf(was.Location), was.Text, null);
        }
    }

    private static void AddText(List<ProgramChange> changes, string key, ContentLocation location, ChangePlace place,
        LocalizedText? before, LocalizedText? after)
    {
        var languages = (before?.Keys ?? Enumerable.Empty<string>()).Union(after?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal);
        foreach (var language in languages)
        {
            var x = Text(before, language);
            var y = Text(after, language);
            if (x != y)
            {
                var kind = x is null ? ChangeKind.Added : y is null ? ChangeKind.Removed : ChangeKind.Changed;
                changes.Add(new(kind, ProgramChange.Text, key, location with { Language = language },
                    place with { Field = location.Field, Language = language }, x, y));
            }
        }
    }

    /// <summary>A blank text is no text: the validator and the patient site both treat it as missing.</summary>
    private static string? Text(LocalizedText? text, string language) =>
        text is not null && text.TryGetValue(language, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
