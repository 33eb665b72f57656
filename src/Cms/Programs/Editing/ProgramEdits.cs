using System.Security.Cryptography;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.Programs.Editing;

/// <summary>
/// Tree changes on the immutable program document: each returns a new <see cref="ProgramContent"/> (or null when the
/// target does not exist), which the caller saves through <see cref="ProgramWorkflow.SaveAsync"/>.
/// </summary>
public static class ProgramEdits
{
    /// <summary>A fresh id in the contract's pattern ([a-z0-9-]); random, so duplicates and imports never collide.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    public static ProgramContent AddModule(ProgramContent p, LocalizedText title) =>
        p with { Modules = [.. p.Modules, new ModuleContent { Id = NewId("m"), Title = title }] };

    public static ProgramContent? RenameModule(ProgramContent p, string moduleId, LocalizedText title) =>
        MapModule(p, moduleId, m => m with { Title = title });

    /// <summary>Optional modules are left out of every patient's plan until a therapist adds them (docs/content-format.md).</summary>
    public static ProgramContent? SetModuleOptional(ProgramContent p, string moduleId, bool optional) =>
        MapModule(p, moduleId, m => m with { Optional = optional });

    public static ProgramContent? MoveModule(ProgramContent p, string moduleId, int delta) =>
        Move(p.Modules, m => m.Id == moduleId, delta) is { } list ? p with { Modules = list } : null;

    public static ProgramContent? ReorderModules(ProgramContent p, IReadOnlyList<string> order) =>
        Reorder(p.Modules, order, m => m.Id) is { } list ? p with { Modules = list } : null;

    public static ProgramContent? DuplicateModule(ProgramContent p, string moduleId)
    {
        var index = IndexOf(p.Modules, m => m.Id == moduleId);
        if (index < 0)
        {
            return null;
        }
        var copy = p.Modules[index] with { Id = NewId("m"), Pages = p.Modules[index].Pages.Select(CopyPage).ToList() };
        return p with { Modules = [.. p.Modules.Take(index + 1), copy, .. p.Modules.Skip(index + 1)] };
    }

    public static ProgramContent? DeleteModule(ProgramContent p, string moduleId) =>
        p.Modules.Any(m => m.Id == moduleId) ? p with { Modules = p.Modules.Where(m => m.Id != moduleId).ToList() } : null;

    public static (ProgramContent Program, string PageId)? AddPage(ProgramContent p, string moduleId, LocalizedText title)
    {
        var page = new PageContent { Id = NewId("p"), Title = title };
        return MapModule(p, moduleId, m => m with { Pages = [.. m.Pages, page] }) is { } changed ? (changed, page.Id) : null;
    }

    public static ProgramContent? RenamePage(ProgramContent p, string pageId, LocalizedText title) =>
        MapPage(p, pageId, page => page with { Title = title });

    public static ProgramContent? MovePage(ProgramContent p, string pageId, int delta)
    {
        var module = ModuleOf(p, pageId);
        return module is null ? null : MapModule(p, module.Id, m => Move(m.Pages, x => x.Id == pageId, delta) is { } list ? m with { Pages = list } : m);
    }

    public static ProgramContent? ReorderPages(ProgramContent p, string moduleId, IReadOnlyList<string> order) =>
        p.Modules.FirstOrDefault(m => m.Id == moduleId) is { } module && Reorder(module.Pages, order, x => x.Id) is { } list
            ? MapModule(p, moduleId, m => m with { Pages = list })
            : null;

    public static ProgramContent? DuplicatePage(ProgramContent p, string pageId)
    {
        var module = ModuleOf(p, pageId);
        if (module is null)
        {
            return null;
        }
        var index = IndexOf(module.Pages, x => x.Id == pageId);
        return MapModule(p, module.Id, m => m with { Pages = [.. m.Pages.Take(index + 1), CopyPage(m.Pages[index]), .. m.Pages.Skip(index + 1)] });
    }

    public static ProgramContent? DeletePage(ProgramContent p, string pageId) =>
        ModuleOf(p, pageId) is { } module ? MapModule(p, module.Id, m => m with { Pages = m.Pages.Where(x => x.Id != pageId).ToList() }) : null;

    public static ModuleContent? ModuleOf(ProgramContent p, string pageId) => p.Modules.FirstOrDefault(m => m.Pages.Any(x => x.Id == pageId));

    public static PageContent? FindPage(ProgramContent p, string pageId) => p.Modules.SelectMany(m => m.Pages).FirstOrDefault(x => x.Id == pageId);

    public static ProgramContent? MapPage(ProgramContent p, string pageId, Func<PageContent, PageContent> change) =>
        ModuleOf(p, pageId) is { } module
            ? MapModule(p, module.Id, m => m with { Pages = m.Pages.Select(x => x.Id == pageId ? change(x) : x).ToList() })
            : null;

    /// <summary>New ids for the page and its blocks: ids are what patients' answers are keyed to, so a copy needs its own.</summary>
    private static PageContent CopyPage(PageContent page) =>
        page with { Id = NewId("p"), Blocks = page.Blocks.Select(b => b with { Id = NewId("b") }).ToList() };

    private static ProgramContent? MapModule(ProgramContent p, string moduleId, Func<ModuleContent, ModuleContent> change) =>
        p.Modules.Any(m => m.Id == moduleId) ? p with { Modules = p.Modules.Select(m => m.Id == moduleId ? change(m) : m).ToList() } : null;

    public static IReadOnlyList<T>? Move<T>(IReadOnlyList<T> list, Func<T, bool> match, int delta)
    {
        var index = IndexOf(list, match);
        var target = index + delta;
        if (index < 0 || target < 0 || target >= list.Count)
        {
            return index < 0 ? null : list;
        }
        var copy = list.ToList();
        (copy[index], copy[target]) = (copy[target], copy[index]);
        return copy;
    }

    private static List<T>? Reorder<T>(IReadOnlyList<T> list, IReadOnlyList<string> order, Func<T, string> id)
    {
        // Only a permutation of exactly the current ids is accepted: a stale drag-and-drop never drops or invents items.
        if (order.Count != list.Count || !order.Order(StringComparer.Ordinal).SequenceEqual(list.Select(id).Order(StringComparer.Ordinal)))
        {
            return null;
        }
        return order.Select(o => list.First(x => id(x) == o)).ToList();
    }

    private static int IndexOf<T>(IReadOnlyList<T> list, Func<T, bool> match)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (match(list[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
