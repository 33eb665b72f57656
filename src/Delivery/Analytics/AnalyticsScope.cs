using ContentPlatform.Delivery.Content;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>What an indicator page is about: all programs, one organisation's, or one program (key "all", "org:X", "program:Y").</summary>
public sealed record AnalyticsScope(string Key, IReadOnlyList<string> ProgramIds, string? SingleProgramId);

/// <summary>A program as analytics lists it: id, organisation, titles and module order of its latest release.</summary>
public sealed record AnalyticsProgram(string ProgramId, string Organisation, LocalizedText Title, ProgramKind Kind,
    IReadOnlyList<ModuleContent> Modules, IReadOnlyList<ContentPlatform.Contract.Questionnaires.QuestionnaireDefinition> Questionnaires);

public sealed class AnalyticsCatalogue(ReleaseStore releases)
{
    public async Task<IReadOnlyList<AnalyticsProgram>> ProgramsAsync(CancellationToken ct)
    {
        var list = new List<AnalyticsProgram>();
        foreach (var entry in await releases.ProgramsAsync(ct))
        {
            if (await releases.GetAsync(entry.ProgramId, entry.LatestRelease, ct) is { } release)
            {
                var c = release.Content;
                list.Add(new AnalyticsProgram(c.Id, string.IsNullOrWhiteSpace(c.Organisation) ? "-" : c.Organisation, c.Title, c.Kind,
                    c.Modules, c.Questionnaires));
            }
        }
        return list;
    }

    /// <summary>The scope a key names, or null for an unknown key (the page answers 404).</summary>
    public static AnalyticsScope? Resolve(string? key, IReadOnlyList<AnalyticsProgram> programs)
    {
        key = string.IsNullOrEmpty(key) ? "all" : key;
        if (key == "all")
        {
            return new AnalyticsScope(key, programs.Select(p => p.ProgramId).ToList(), null);
        }
        if (key.StartsWith("org:", StringComparison.Ordinal))
        {
            var ids = programs.Where(p => p.Organisation == key[4..]).Select(p => p.ProgramId).ToList();
            return ids.Count == 0 ? null : new AnalyticsScope(key, ids, null);
        }
        if (key.StartsWith("program:", StringComparison.Ordinal) && programs.Any(p => p.ProgramId == key[8..]))
        {
            return new AnalyticsScope(key, [key[8..]], key[8..]);
        }
        return null;
    }
}
