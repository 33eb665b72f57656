using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Delivery.Messaging;

/// <summary>A reply template ready to use: title and body in the page's language with the placeholders filled.</summary>
public sealed record FilledTemplate(string Id, string Title, string Body, bool ForCurrentModule);

/// <summary>
/// Fills a program's reply templates for one patient: <c>{fornavn}</c> with the patient's first name and <c>{modul}</c>
/// with the template's module title, or the module the patient is working in (the first before they start). Templates for that module come first.
/// </summary>
public static class ReplyTemplates
{
    public static IReadOnlyList<FilledTemplate> Fill(ProgramContent program, string language, string patientName, string? currentModuleId)
    {
        var firstName = patientName.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var fallback = program.FallbackFor(language);
        string ModuleTitle(string? id) =>
            program.Modules.FirstOrDefault(m => m.Id == id)?.Title.Resolve(language, fallback) ?? "";
        return (program.ReplyTemplates ?? [])
            .Select(t => new FilledTemplate(t.Id, t.Title.Resolve(language, fallback),
                t.Body.Resolve(language, fallback)
                    .Replace(ReplyTemplate.FirstNamePlaceholder, firstName, StringComparison.Ordinal)
                    .Replace(ReplyTemplate.ModulePlaceholder, ModuleTitle(t.ModuleId ?? currentModuleId ?? (program.Modules.Count > 0 ? program.Modules[0].Id : null)), StringComparison.Ordinal)
                    .TrimEnd(),
                t.ModuleId is not null && t.ModuleId == currentModuleId))
            .OrderByDescending(t => t.ForCurrentModule)
            .ToList();
    }
}
