using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.Transfer.Files;

/// <summary>Writes programs back in the folder format, so export(import(folder)) reads back as the same programs.</summary>
public static class ContentFolderWriter
{
    public static void Write(string root, ProgramContent program)
    {
        var folder = Path.Combine(root, "programs", program.Slug);
        if (Directory.Exists(Path.Combine(folder, "modules")))
        {
            Directory.Delete(Path.Combine(folder, "modules"), recursive: true); // renumbered folders must not linger
        }
        Directory.CreateDirectory(folder);
        var settings = JsonSerializer.SerializeToNode(program, ContractJson.Options)!.AsObject();
        settings.Remove("modules");
        settings.Remove("questionnaires");
        File.WriteAllText(Path.Combine(folder, "program.yaml"), YamlWriter.Write(settings));

        if (program.Questionnaires.Count > 0)
        {
            Directory.CreateDirectory(Path.Combine(folder, "questionnaires"));
        }
        foreach (var questionnaire in program.Questionnaires)
        {
            File.WriteAllText(Path.Combine(folder, "questionnaires", $"{questionnaire.Id}.yaml"),
                YamlWriter.Write(JsonSerializer.SerializeToNode(questionnaire, ContractJson.Options)));
        }
        for (var m = 0; m < program.Modules.Count; m++)
        {
            var module = program.Modules[m];
            var moduleFolder = Path.Combine(folder, "modules", $"{m + 1:00}-{module.Id}");
            Directory.CreateDirectory(moduleFolder);
            var moduleJson = JsonSerializer.SerializeToNode(module, ContractJson.Options)!.AsObject();
            moduleJson.Remove("pages");
            File.WriteAllText(Path.Combine(moduleFolder, "module.yaml"), YamlWriter.Write(moduleJson));
            for (var p = 0; p < module.Pages.Count; p++)
            {
                foreach (var language in program.Languages)
                {
                    File.WriteAllText(Path.Combine(moduleFolder, $"{p + 1:00}-{module.Pages[p].Id}.{language}.md"), Page(module.Pages[p], language));
                }
            }
        }
    }

    private static string Page(PageContent page, string language)
    {
        var sb = new StringBuilder();
        sb.Append("---\n").Append(YamlWriter.Write(new JsonObject { ["id"] = page.Id, ["title"] = page.Title.GetValueOrDefault(language, "") })).Append("---\n");
        foreach (var block in page.Blocks)
        {
            var name = BlockTypes.NameOf(block);
            sb.Append('\n');
            switch (block)
            {
                case TextBlock text:
                    sb.Append($"::: text {block.Id}\n").Append(text.Markdown.GetValueOrDefault(language, "")).Append("\n:::\n");
                    break;
                case CalloutBlock callout:
                    sb.Append($"::: callout {callout.Variant.ToString().ToLowerInvariant()} {block.Id}\n")
                        .Append(callout.Markdown.GetValueOrDefault(language, "")).Append("\n:::\n");
                    break;
                default:
                    var json = JsonSerializer.SerializeToNode(block, block.GetType(), ContractJson.Options);
                    var own = LanguageMerge.Split(block.GetType(), json, language) as JsonObject ?? new JsonObject();
                    own.Remove("id");
                    own.Remove("type");
                    sb.Append($"::: {name} {block.Id}\n").Append(YamlWriter.Write(own)).Append(":::\n");
                    break;
            }
        }
        return sb.ToString();
    }
}
