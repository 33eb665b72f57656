using System.Text.Json;
using System.Text.Json.Nodes;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Editing;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ContentPlatform.Contract.Text;

namespace ContentPlatform.Cms.Pages.Programs;

public sealed record EditedBlock(string Type, JsonObject Value)
{
    public string Id => Value["id"]?.ToString() ?? "";
}

/// <summary>A field whose saved text differs from the one in this form after a conflict: both are shown.</summary>
public sealed record TheirText(string Anchor, string Label, string Theirs, string Mine);

/// <summary>
/// One page's blocks in order, a form per block type, nb and nn side by side. Saves (button or autosave) go against the
/// version the form was loaded with; a conflict keeps this form's text and shows the other save's text beside it.
/// </summary>
public sealed class PageEditorModel(CmsDbContext db, ProgramWorkflow workflow, IAuthorizationService authorization, IStringLocalizer<SharedResource> s)
    : ProgramPageModel(db, workflow, authorization, s)
{
    public ModuleContent Module { get; private set; } = null!;
    public PageContent PageDoc { get; private set; } = null!;
    public LocalizedText PageTitle { get; private set; } = new();
    public List<EditedBlock> Blocks { get; private set; } = [];
    public int FormVersion { get; private set; }
    public List<FormError> Errors { get; } = [];
    public List<TheirText> Theirs { get; } = [];

    public static JsonObject ToJson(Block block) => JsonSerializer.SerializeToNode(block, ContractJson.Options)!.AsObject();

    public static IReadOnlyList<FormField> FieldsOf(string type) => ContentForm.Describe(BlockTypes.All[type]);

    public async Task<IActionResult> OnGetAsync(string id, string pageId)
    {
        if (!await LoadPageAsync(id, pageId))
        {
            return NotFound();
        }
        Blocks = PageDoc.Blocks.Select(b => new EditedBlock(BlockTypes.NameOf(b), ToJson(b))).ToList();
        PageTitle = PageDoc.Title;
        FormVersion = Draft.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string pageId, string? op, string? newType, int version)
    {
        if (!await LoadPageAsync(id, pageId))
        {
            return NotFound();
        }
        if (!CanEdit)
        {
            return Forbidden();
        }
        ReadForm();
        FormVersion = version;
        string? anchor = null;
        string? accept = null;
        var parts = (op ?? "save").Split('|');
        var index = parts.Length > 1 ? Blocks.FindIndex(b => b.Id == parts[1]) : -1;
        switch (parts[0])
        {
            case "up" or "down" when index >= 0:
                var moved = ProgramEdits.Move(Blocks, b => b.Id == parts[1], parts[0] == "up" ? -1 : 1)!;
                Blocks = moved.ToList();
                anchor = "block-" + parts[1];
                break;
            case "remove" when index >= 0:
                Blocks.RemoveAt(index);
                break;
            case "add" when newType is not null && BlockTypes.All.ContainsKey(newType):
                var block = new JsonObject { ["type"] = newType, ["id"] = ProgramEdits.NewId("b") };
                Blocks.Add(new(newType, block));
                anchor = "block-" + block["id"];
                break;
            case "accept" when parts.Length == 3:
                accept = parts[1];
                anchor = $"f-{Anchor(parts[1])}-{parts[2]}";
                break;
        }
        var changed = Build();
        if (changed is null)
        {
            return Page();
        }
        var (_, error) = await Workflow.SaveAsync(id, changed, version, Actor, $"edited page {pageId}");
        if (error is not null)
        {
            return await ShowProblemAsync(id, pageId, changed, error);
        }
        if (accept is not null)
        {
            await Workflow.AcceptTranslationAsync(id, accept, parts[2], Actor);
        }
        TempData["Message"] = S[accept is null ? "Saved" : "TranslationAccepted"].Value;
        return Redirect($"/programs/{id}/pages/{pageId}" + (anchor is null ? "" : "#" + anchor));
    }

    /// <summary>The autosave: same rules as Save, answered in JSON (200 saved, 409 conflict, 422 invalid).</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(string id, string pageId, int version)
    {
        if (!await LoadPageAsync(id, pageId))
        {
            return NotFound();
        }
        if (!CanEdit)
        {
            return Forbidden();
        }
        ReadForm();
        var changed = Build();
        if (changed is null)
        {
            return new JsonResult(new { errors = Errors.Select(e => new { e.Field, e.Message }) }) { StatusCode = 422 };
        }
        var (draft, error) = await Workflow.SaveAsync(id, changed, version, Actor, $"autosaved page {pageId}");
        if (error is { Code: "conflict" })
        {
            return new JsonResult(new { conflict = true, message = S["ConflictMessage", draft!.UpdatedBy, When.Moment(draft.UpdatedAt)].Value }) { StatusCode = 409 };
        }
        if (error is not null)
        {
            return new JsonResult(new { message = S["Workflow_" + error.Code].Value }) { StatusCode = 422 };
        }
        return new JsonResult(new { version = draft!.Version, savedAt = When.Time(draft.UpdatedAt) });
    }

    private async Task<IActionResult> ShowProblemAsync(string id, string pageId, ProgramContent mine, WorkflowError error)
    {
        Db.ChangeTracker.Clear();
        await LoadPageAsync(id, pageId);
        if (error.Code != "conflict")
        {
            Error = S["Workflow_" + error.Code];
            return Page();
        }
        // This form keeps the user's text; the other save is listed beside it; saving again (with the new version) is a
        // deliberate choice to keep this form's text, and the other text stays in the revision history either way.
        Conflict = S["ConflictMessage", Draft.UpdatedBy, When.Moment(Draft.UpdatedAt)];
        FormVersion = Draft.Version;
        var myTexts = ContentTexts.Enumerate(mine).Where(t => t.Location.PageId == pageId).ToDictionary(t => t.Key);
        foreach (var theirs in ContentTexts.Enumerate(Doc).Where(t => t.Location.PageId == pageId))
        {
            myTexts.TryGetValue(theirs.Key, out var my);
            foreach (var lang in Doc.Languages)
            {
                var t = theirs.Text.TryGetValue(lang, out var a) ? a : "";
                var m = my is not null && my.Text.TryGetValue(lang, out var b) ? b : "";
                if (t != m)
                {
                    Theirs.Add(new(ProblemLinks.Anchor(theirs.Location with { Language = lang }), $"{theirs.Location.BlockId ?? S["PageTitle"]} › {theirs.Location.Field} ({S["Lang_" + lang]})", t, m));
                }
            }
        }
        var theirBlocks = ProgramEdits.FindPage(Doc, pageId)?.Blocks.Select(b => b.Id).ToList() ?? [];
        if (!theirBlocks.SequenceEqual(Blocks.Select(b => b.Id)))
        {
            Theirs.Add(new("blocks", S["BlockOrder"], string.Join(", ", theirBlocks), string.Join(", ", Blocks.Select(b => b.Id))));
        }
        return Page();
    }

    private static string Anchor(string key) => key.StartsWith("block:", StringComparison.Ordinal)
        ? key["block:".Length..].Replace(':', '-').Replace('.', '-')
        : "page-title";

    private void ReadForm()
    {
        PageTitle = new(Doc.Languages.Select(l => KeyValuePair.Create(l, TextInput.Line(Request.Form[$"title.{l}"].ToString()))).Where(kv => kv.Value.Length > 0));
        var stored = PageDoc.Blocks.ToDictionary(b => b.Id, ToJson);
        Blocks = [];
        for (var i = 0; Request.Form.ContainsKey($"b[{i}].id"); i++)
        {
            var type = Request.Form[$"b[{i}].type"].ToString();
            var blockId = Request.Form[$"b[{i}].id"].ToString();
            if (!BlockTypes.All.ContainsKey(type))
            {
                continue;
            }
            stored.TryGetValue(blockId, out var before);
            var value = ContentForm.Read(FieldsOf(type), Request.Form, $"b[{i}]", before, Doc.Languages, Errors);
            value["type"] = type;
            value["id"] = blockId;
            Blocks.Add(new(type, value));
        }
    }

    /// <summary>The program with this page replaced by the form's content, or null (with errors) when a value is invalid.</summary>
    private ProgramContent? Build()
    {
        var blocks = new List<Block>();
        foreach (var b in Blocks)
        {
            try
            {
                // Discriminator first for the reader; a fresh object so "type" leads whatever order the form gave.
                var ordered = new JsonObject { ["type"] = b.Type };
                foreach (var (k, v) in b.Value.Where(kv => kv.Key != "type"))
                {
                    ordered[k] = v?.DeepClone();
                }
                blocks.Add(ordered.Deserialize<Block>(ContractJson.Options)!);
            }
            catch (JsonException e)
            {
                Errors.Add(new($"block-{b.Id}", S["BlockInvalid", b.Id, e.Path ?? ""]));
            }
        }
        if (PageTitle.Count == 0)
        {
            Errors.Add(new("f-page-title-nb", S["TitleRequired"]));
        }
        if (Errors.Count > 0)
        {
            Error = S["FormHasErrors"];
            return null;
        }
        return ProgramEdits.MapPage(Doc, PageDoc.Id, p => p with { Title = PageTitle, Blocks = blocks });
    }

    private async Task<bool> LoadPageAsync(string id, string pageId)
    {
        if (!await LoadAsync(id) || ProgramEdits.FindPage(Doc, pageId) is not { } page)
        {
            return false;
        }
        PageDoc = page;
        Module = ProgramEdits.ModuleOf(Doc, pageId)!;
        return true;
    }

    public string ErrorText(FormError e) => e.Message switch
    {
        "number" => S["ErrorNumber", e.Field],
        "choice" => S["ErrorChoice", e.Field],
        _ => e.Message,
    };
}
