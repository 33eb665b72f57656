using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Editing;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ContentPlatform.Contract.Text;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>The program tree: modules and pages, each change one save against the version the page showed.</summary>
public sealed class TreeModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization, IStringLocalizer<SharedResource> s)
    : ProgramPageModel(db, workflow, authorization, s)
{
    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, string? op, int version, string? module, string? page, int delta, string? ids)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!CanEdit)
        {
            return Forbidden();
        }
        var p = Doc;
        var title = ReadText("title");
        string? anchor = null;
        ProgramContent? changed;
        switch (op)
        {
            case "program":
                changed = p with { Title = title, Summary = ReadText("summary"), Audience = ReadText("audience") };
                break;
            case "reminders":
                changed = Refused(ProgramSettings.ReadReminders(Request.Form, p, S, out var reminderErrors), reminderErrors);
                if (changed is null)
                {
                    return Page();
                }
                anchor = "reminders";
                break;
            case "triage" when p.Kind != ProgramKind.Course:
                changed = Refused(ProgramSettings.ReadTriage(Request.Form, p, S, out var triageErrors), triageErrors);
                if (changed is null)
                {
                    return Page();
                }
                anchor = "triage";
                break;
            case "cover":
                if (ReadCover() is not { } cover)
                {
                    Error = S["CoverAltRequired"];
                    return Page();
                }
                changed = p with { Cover = cover.Media.Length == 0 ? null : cover };
                anchor = "cover";
                break;
            case "check-ins" when p.Kind == ProgramKind.FollowUp:
                changed = p with { CheckIns = CheckInSettings.Read(Request.Form, p) };
                anchor = "check-ins";
                break;
            case "add-module" when HasText(title):
                changed = ProgramEdits.AddModule(p, title);
                anchor = "module-" + changed.Modules[^1].Id;
                break;
            case "rename-module" when HasText(title):
                changed = ProgramEdits.RenameModule(p, module ?? "", title);
                anchor = "module-" + module;
                break;
            case "module-optional":
                changed = ProgramEdits.SetModuleOptional(p, module ?? "", Request.Form["optional"] == "true");
                anchor = "module-" + module;
                break;
            case "move-module":
                changed = ProgramEdits.MoveModule(p, module ?? "", Math.Sign(delta));
                anchor = "module-" + module;
                break;
            case "duplicate-module":
                changed = ProgramEdits.DuplicateModule(p, module ?? "");
                break;
            case "add-page" when HasText(title):
                var added = ProgramEdits.AddPage(p, module ?? "", title);
                changed = added?.Program;
                anchor = "page-" + added?.PageId;
                break;
            case "rename-page" when HasText(title):
                changed = ProgramEdits.RenamePage(p, page ?? "", title);
                break;
            case "move-page":
                changed = ProgramEdits.MovePage(p, page ?? "", Math.Sign(delta));
                anchor = "page-" + page;
                break;
            case "duplicate-page":
                changed = ProgramEdits.DuplicatePage(p, page ?? "");
                break;
            case "reorder":
                var order = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                changed = string.IsNullOrEmpty(module) ? ProgramEdits.ReorderModules(p, order) : ProgramEdits.ReorderPages(p, module, order);
                break;
            case "add-module" or "rename-module" or "add-page" or "rename-page":
                Error = S["TitleRequired"];
                return Page();
            default:
                return BadRequest();
        }
        return await SaveAsync(changed, version, op, () => Redirect($"/programs/{id}" + (anchor is null ? "" : "#" + anchor)),
            () => Task.FromResult<IActionResult>(Page()));
    }

    private LocalizedText ReadText(string name) =>
        new(Doc.Languages.Select(l => KeyValuePair.Create(l, TextInput.Line(Request.Form[$"{name}.{l}"].ToString()))).Where(kv => kv.Value.Length > 0));

    /// <summary>The cover form; null when an image is chosen without alt text in every language and not marked decorative.</summary>
    private CoverImage? ReadCover()
    {
        var decorative = Request.Form["cover.decorative"] == "true";
        var cover = new CoverImage
        {
            Media = TextInput.Line(Request.Form["cover.media"].ToString()),
            Decorative = decorative,
            Alt = decorative ? new() : ReadText("cover.alt"),
        };
        return cover.Media.Length > 0 && !decorative && !Doc.Languages.All(cover.Alt.Has) ? null : cover;
    }

    private static bool HasText(LocalizedText text) => text.Count > 0;

    /// <summary>The settings fields a refused save named, by form name: the partials mark them invalid and show the typed value.</summary>
    public IReadOnlyList<SettingsError> SettingsErrors { get; private set; } = [];

    /// <summary>The value to show in a settings field: what was typed when the save was refused, else the stored value.</summary>
    public string Shown(string name, object? stored) =>
        SettingsErrors.Count > 0 && Request.HasFormContentType && Request.Form.ContainsKey(name) ? Request.Form[name].ToString()
            : Convert.ToString(stored, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    public SettingsError? ErrorFor(string name) => SettingsErrors.FirstOrDefault(e => e.Field == name);

    /// <summary>Nothing is saved when any field was refused: the page says which, in the reader's language.</summary>
    private ProgramContent? Refused(ProgramContent changed, IReadOnlyList<SettingsError> errors)
    {
        if (errors.Count == 0)
        {
            return changed;
        }
        SettingsErrors = errors;
        Error = string.Join(" ", errors.Select(e => e.Message));
        return null;
    }
}
