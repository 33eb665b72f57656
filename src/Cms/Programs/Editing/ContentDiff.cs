using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.Programs.Editing;

public enum ChangeKind
{
    Added,
    Removed,
    Changed,
    Moved,
}

/// <summary>One difference: a text in one language, or a module/page/block/questionnaire added, removed or moved.</summary>
public sealed record ContentChange(ChangeKind Kind, string What, ContentLocation Location, string? Language = null,
    string? Before = null, string? After = null)
{
    public bool IsStructural => Language is null;
}

/// <summary>
/// What changed between two versions of a program, for reviewers (since the last release) and history (any two
/// revisions): every text per field and language, plus structure compared by the stable ids.
/// </summary>
public static class ContentDiff
{
    public static IReadOnlyList<ContentChange> Compare(ProgramContent? before, ProgramContent after)
    {
        var changes = new List<ContentChange>();
        Structure(before, after, changes);
        var old = before is null ? new Dictionary<string, ContentText>()
            : ContentTexts.Enumerate(before).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in ContentTexts.Enumerate(after))
        {
            if (!seen.Add(text.Key))
            {
                continue;
            }
            old.TryGetValue(text.Key, out var was);
            foreach (var lang in text.Text.Keys.Union(was?.Text.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal))
            {
                var a = was is not null && was.Text.TryGetValue(lang, out var x) ? x : null;
                var b = text.Text.TryGetValue(lang, out var y) ? y : null;
                if (a == b)
                {
                    continue;
                }
                var kind = string.IsNullOrEmpty(a) ? ChangeKind.Added : string.IsNullOrEmpty(b) ? ChangeKind.Removed : ChangeKind.Changed;
                changes.Add(new(kind, "text", text.Location with { Language = lang }, lang, a, b));
            }
        }
        return changes;
    }

    private static void Structure(ProgramContent? before, ProgramContent after, List<ContentChange> changes)
    {
        var beforeModules = before?.Modules ?? [];
        Compare(beforeModules.Select(m => m.Id).ToList(), after.Modules.Select(m => m.Id).ToList(), "module", id => new(id), changes);
        var beforePages = beforeModules.SelectMany(m => m.Pages.Select(p => (m.Id, p))).ToList();
        var afterPages = after.Modules.SelectMany(m => m.Pages.Select(p => (m.Id, p))).ToList();
        Compare(beforePages.Select(x => x.p.Id).ToList(), afterPages.Select(x => x.p.Id).ToList(), "page",
            id => new(afterPages.Concat(beforePages).First(x => x.p.Id == id).Id, id), changes);
        var beforeBlocks = beforePages.SelectMany(x => x.p.Blocks.Select(b => (x.Id, Page: x.p.Id, b))).ToList();
        var afterBlocks = afterPages.SelectMany(x => x.p.Blocks.Select(b => (x.Id, Page: x.p.Id, b))).ToList();
        Compare(beforeBlocks.Select(x => x.b.Id).ToList(), afterBlocks.Select(x => x.b.Id).ToList(), "block",
            id => afterBlocks.Concat(beforeBlocks).First(x => x.b.Id == id) is var f ? new(f.Id, f.Page, id) : new(), changes);
        Compare((before?.Questionnaires ?? []).Select(q => q.Id).ToList(), after.Questionnaires.Select(q => q.Id).ToList(), "questionnaire",
            id => new(QuestionnaireId: id), changes);
        // Non-text settings of blocks and questionnaires (kind, options marked correct, values, bands…).
        foreach (var (m, p, b) in afterBlocks)
        {
            var was = beforeBlocks.FirstOrDefault(x => x.b.Id == b.Id).b;
            if (was is not null && Settings(was) != Settings(b))
            {
                changes.Add(new(ChangeKind.Changed, "settings", new(m, p, b.Id)));
            }
        }
        foreach (var q in after.Questionnaires)
        {
            var was = before?.Questionnaires.FirstOrDefault(x => x.Id == q.Id);
            if (was is not null && System.Text.Json.JsonSerializer.Serialize(was, ContractJson.Options) !=
                System.Text.Json.JsonSerializer.Serialize(q, ContractJson.Options))
            {
                changes.Add(new(ChangeKind.Changed, "questionnaire", new(QuestionnaireId: q.Id)));
            }
        }
    }

    /// <summary>A block without its texts, to tell setting changes from text changes.</summary>
    private static string Settings(Block block)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(block, ContractJson.Options)!.AsObject();
        foreach (var (field, _) in block.Texts().ToList())
        {
            node.Remove(field.Split('.')[0]);
        }
        return node.ToJsonString();
    }

    private static void Compare(List<string> before, List<string> after, string what, Func<string, ContentLocation> where, List<ContentChange> changes)
    {
        var beforeSet = before.ToHashSet(StringComparer.Ordinal);
        var afterSet = after.ToHashSet(StringComparer.Ordinal);
        changes.AddRange(after.Where(id => !beforeSet.Contains(id)).Select(id => new ContentChange(ChangeKind.Added, what, where(id))));
        changes.AddRange(before.Where(id => !afterSet.Contains(id)).Select(id => new ContentChange(ChangeKind.Removed, what, where(id))));
        var keptBefore = before.Where(afterSet.Contains).ToList();
        var keptAfter = after.Where(beforeSet.Contains).ToList();
        for (var i = 0; i < keptAfter.Count; i++)
        {
            if (keptBefore[i] != keptAfter[i] && keptBefore.IndexOf(keptAfter[i]) != i)
            {
                changes.Add(new(ChangeKind.Moved, what, where(keptAfter[i])));
            }
        }
    }
}
