using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Cms.Transfer.Files;

/// <summary>A program read from its folder, with where each id was written (to point validation problems at lines).</summary>
public sealed record ProgramFolder(string Folder, ProgramContent Content, IReadOnlyDictionary<string, (string File, int Line)> Sources,
    IReadOnlyList<string> MediaFiles);

public sealed record ReadResult(IReadOnlyList<ProgramFolder> Programs, IReadOnlyList<ContentFileError> Errors);

/// <summary>
/// Reads the folder format of docs/content-format.md. It collects every error it can (file and line) instead of
/// stopping at the first, and never returns a program that had an error.
/// </summary>
public static partial class ContentFolderReader
{
    /// <summary>A page file larger than this is refused before it is read: a page is a few KB; 2 MB is a mistake.</summary>
    public const long MaxFileBytes = 2 * 1024 * 1024;

    [GeneratedRegex(@"^:::\s*(?<type>[a-z][a-z0-9-]*)(\s+(?<variant>info|tip|warning))?\s+(?<id>\S+)\s*$")]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"^(?<order>\d+)-(?<name>.+)\.(?<lang>[a-z]{2})\.md$")]
    private static partial Regex PageFile();

    public static ReadResult Read(string root, IProgress<(int Done, int Total, string Item)>? progress = null)
    {
        var errors = new List<ContentFileError>();
        var folders = ProgramFolders(root);
        if (folders.Count == 0)
        {
            errors.Add(new(root, 0, "no programs found: expected program.yaml here or in programs/*/"));
        }
        var programs = new List<ProgramFolder>();
        for (var i = 0; i < folders.Count; i++)
        {
            progress?.Report((i, folders.Count, Path.GetFileName(folders[i])));
            var before = errors.Count;
            var program = ReadProgram(folders[i], errors);
            if (program is not null && errors.Count == before)
            {
                programs.Add(program);
            }
        }
        progress?.Report((folders.Count, folders.Count, "done"));
        foreach (var duplicate in programs.GroupBy(p => p.Content.Slug).Where(g => g.Count() > 1))
        {
            errors.Add(new(Path.Combine(duplicate.Last().Folder, "program.yaml"), 1, $"duplicate slug '{duplicate.Key}' (also in {duplicate.First().Folder})"));
        }
        foreach (var duplicate in programs.GroupBy(p => p.Content.Id).Where(g => g.Count() > 1))
        {
            errors.Add(new(Path.Combine(duplicate.Last().Folder, "program.yaml"), 1, $"duplicate program id '{duplicate.Key}' (also in {duplicate.First().Folder})"));
        }
        return new(errors.Count == 0 ? programs : [], errors);
    }

    private static List<string> ProgramFolders(string root)
    {
        if (File.Exists(Path.Combine(root, "program.yaml")))
        {
            return [root];
        }
        var programs = Path.Combine(root, "programs");
        return Directory.Exists(programs)
            ? Directory.GetDirectories(programs).Where(d => File.Exists(Path.Combine(d, "program.yaml"))).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    private static ProgramFolder? ReadProgram(string folder, List<ContentFileError> errors)
    {
        var sources = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        var programFile = Path.Combine(folder, "program.yaml");
        var settings = Catch(errors, () => ReadYaml(programFile));
        if (settings?.Root is not JsonObject root)
        {
            if (settings is not null)
            {
                errors.Add(new(programFile, 1, "expected program settings (id, slug, kind, title …)"));
            }
            return null;
        }
        NormalizeFallback(root);
        var modulesJson = root["modules"];
        root.Remove("modules");
        var program = Catch(errors, () => Deserialize<ProgramContent>(root, settings, programFile));
        if (program is null)
        {
            return null;
        }
        if (modulesJson is not null)
        {
            errors.Add(new(programFile, YamlJson.LineOf(settings, "$.modules"), "modules are folders under modules/, not a list in program.yaml"));
        }
        sources[program.Id] = (programFile, 1);
        var languages = program.Languages;

        var questionnaires = new List<QuestionnaireDefinition>();
        var qFolder = Path.Combine(folder, "questionnaires");
        foreach (var file in Directory.Exists(qFolder) ? Directory.GetFiles(qFolder, "*.yaml").Order(StringComparer.Ordinal).ToArray() : [])
        {
            var parsed = Catch(errors, () => ReadYaml(file));
            if (parsed?.Root is JsonObject q && Catch(errors, () => Deserialize<QuestionnaireDefinition>(q, parsed, file)) is { } questionnaire)
            {
                questionnaires.Add(NullListsToEmpty(questionnaire));
                sources[questionnaire.Id] = (file, 1);
            }
        }

        var modules = new List<ModuleContent>();
        var modulesFolder = Path.Combine(folder, "modules");
        foreach (var moduleFolder in Directory.Exists(modulesFolder) ? Directory.GetDirectories(modulesFolder).Order(StringComparer.Ordinal).ToArray() : [])
        {
            var moduleFile = Path.Combine(moduleFolder, "module.yaml");
            if (!File.Exists(moduleFile))
            {
                errors.Add(new(moduleFolder, 0, "module.yaml is missing"));
                continue;
            }
            var parsed = Catch(errors, () => ReadYaml(moduleFile));
            if (parsed?.Root is not JsonObject m || Catch(errors, () => Deserialize<ModuleContent>(m, parsed, moduleFile)) is not { } module)
            {
                continue;
            }
            sources[module.Id] = (moduleFile, 1);
            var pages = ReadPages(moduleFolder, languages, sources, errors);
            modules.Add(module with { Pages = pages });
        }
        var media = Directory.Exists(Path.Combine(folder, "media"))
            ? Directory.GetFiles(Path.Combine(folder, "media")).Select(f => $"media/{Path.GetFileName(f)}").Order(StringComparer.Ordinal).ToList()
            : [];
        return new ProgramFolder(folder, program with { Modules = modules, Questionnaires = questionnaires }, sources, media);
    }

    private static List<PageContent> ReadPages(string moduleFolder, IReadOnlyList<string> languages,
        Dictionary<string, (string, int)> sources, List<ContentFileError> errors)
    {
        var pages = new List<PageContent>();
        var files = Directory.GetFiles(moduleFolder, "*.md").Select(f => (File: f, Match: PageFile().Match(Path.GetFileName(f)))).ToList();
        foreach (var bad in files.Where(f => !f.Match.Success))
        {
            errors.Add(new(bad.File, 0, "page files are named NN-name.LANG.md, e.g. 01-intro.nn.md"));
        }
        foreach (var group in files.Where(f => f.Match.Success).GroupBy(f => $"{f.Match.Groups["order"].Value}-{f.Match.Groups["name"].Value}")
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var byLanguage = group.ToDictionary(f => f.Match.Groups["lang"].Value, f => f.File);
            foreach (var extra in byLanguage.Keys.Except(languages))
            {
                errors.Add(new(byLanguage[extra], 0, $"'{extra}' is not one of the program's languages ({string.Join(", ", languages)})"));
            }
            var missing = languages.Except(byLanguage.Keys).ToList();
            if (missing.Count > 0)
            {
                errors.Add(new(group.First().File, 0, $"the {string.Join(", ", missing)} version of this page is missing ({group.Key}.{missing[0]}.md)"));
                continue;
            }
            var parsed = languages.ToDictionary(l => l, l => Catch(errors, () => ParsePage(byLanguage[l])));
            if (parsed.Values.Any(p => p is null))
            {
                continue;
            }
            if (MergePage(parsed!, sources, errors) is { } page)
            {
                pages.Add(page);
            }
        }
        return pages;
    }

    private sealed record ParsedBlock(string Type, string? Variant, string Id, int Line, string Body, int BodyLine);

    private sealed record ParsedPage(string File, string Id, string Title, int Line, List<ParsedBlock> Blocks);

    private static ParsedPage ParsePage(string file)
    {
        if (new FileInfo(file).Length > MaxFileBytes)
        {
            throw new ContentFileException(new(file, 0, $"the file is {new FileInfo(file).Length / 1024 / 1024} MB; a page file may be at most {MaxFileBytes / 1024 / 1024} MB"));
        }
        var lines = File.ReadAllLines(file);
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            throw new ContentFileException(new(file, 1, "a page starts with front matter: a line '---', 'id: …', 'title: …', and '---'"));
        }
        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            throw new ContentFileException(new(file, 1, "the front matter is not closed with '---'"));
        }
        var front = YamlJson.Parse(string.Join('\n', lines[1..end]), file, 2);
        var id = front.Root?["id"]?.ToString();
        var title = front.Root?["title"]?.ToString();
        if (string.IsNullOrWhiteSpace(id) || title is null)
        {
            throw new ContentFileException(new(file, 2, "the front matter needs 'id' and 'title'"));
        }
        var blocks = new List<ParsedBlock>();
        for (var i = end + 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            var open = FenceOpen().Match(lines[i].TrimEnd());
            if (!open.Success)
            {
                throw new ContentFileException(new(file, i + 1, lines[i].StartsWith(":::", StringComparison.Ordinal)
                    ? "a block starts with '::: TYPE ID' (callouts: '::: callout info|tip|warning ID')"
                    : "text outside a block: wrap it in '::: text ID' … ':::'"));
            }
            var close = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == ":::");
            if (close < 0)
            {
                throw new ContentFileException(new(file, i + 1, $"block '{open.Groups["id"].Value}' is not closed with ':::'"));
            }
            blocks.Add(new(open.Groups["type"].Value, open.Groups["variant"].Success ? open.Groups["variant"].Value : null,
                open.Groups["id"].Value, i + 1, string.Join('\n', lines[(i + 1)..close]), i + 2));
            i = close;
        }
        return new ParsedPage(file, id, title, 2, blocks);
    }

    private static PageContent? MergePage(Dictionary<string, ParsedPage> byLanguage, Dictionary<string, (string, int)> sources,
        List<ContentFileError> errors)
    {
        var first = byLanguage.First().Value;
        foreach (var (language, page) in byLanguage.Skip(1))
        {
            if (page.Id != first.Id)
            {
                errors.Add(new(page.File, 2, $"page id '{page.Id}' differs from '{first.Id}' in {Path.GetFileName(first.File)}"));
                return null;
            }
            if (page.Blocks.Count != first.Blocks.Count || page.Blocks.Zip(first.Blocks).Any(p => p.First.Id != p.Second.Id || p.First.Type != p.Second.Type))
            {
                var at = page.Blocks.Zip(first.Blocks).FirstOrDefault(p => p.First.Id != p.Second.Id || p.First.Type != p.Second.Type);
                errors.Add(new(page.File, at.First?.Line ?? page.Line,
                    $"the blocks must be the same in every language: {language} has [{string.Join(", ", page.Blocks.Select(b => b.Id))}], " +
                    $"{Path.GetFileName(first.File)} has [{string.Join(", ", first.Blocks.Select(b => b.Id))}]"));
                return null;
            }
        }
        sources[first.Id] = (first.File, first.Line);
        var blocks = new List<Block>();
        for (var b = 0; b < first.Blocks.Count; b++)
        {
            var block = first.Blocks[b];
            sources[block.Id] = (first.File, block.Line);
            if (!BlockTypes.All.TryGetValue(block.Type, out var type))
            {
                errors.Add(new(first.File, block.Line, $"unknown block type '{block.Type}'; known types: {string.Join(", ", BlockTypes.All.Keys.Order(StringComparer.Ordinal))}"));
                continue;
            }
            if (MergeBlock(type, byLanguage.ToDictionary(p => p.Key, p => (p.Value.File, p.Value.Blocks[b])), errors) is { } merged)
            {
                blocks.Add(merged);
            }
        }
        return new PageContent { Id = first.Id, Title = new LocalizedText(byLanguage.Select(p => KeyValuePair.Create(p.Key, p.Value.Title))), Blocks = blocks };
    }

    private static Block? MergeBlock(Type type, Dictionary<string, (string File, ParsedBlock Block)> byLanguage, List<ContentFileError> errors)
    {
        var described = BlockTypes.Describe(BlockTypes.NameOf(type));
        var perLanguage = new Dictionary<string, JsonNode?>();
        var parsedYaml = new Dictionary<string, YamlJson.Parsed>();
        foreach (var (language, (file, block)) in byLanguage)
        {
            JsonObject body;
            if (described.MarkdownBody)
            {
                body = new JsonObject { ["markdown"] = block.Body.Trim('\n') };
                if (block.Variant is not null)
                {
                    body["variant"] = block.Variant;
                }
            }
            else
            {
                if (block.Variant is not null)
                {
                    errors.Add(new(file, block.Line, $"only callouts take a variant ('{block.Variant}')"));
                    return null;
                }
                var parsed = Catch(errors, () => YamlJson.Parse(block.Body, file, block.BodyLine));
                if (parsed is null)
                {
                    return null;
                }
                parsedYaml[language] = parsed;
                body = parsed.Root as JsonObject ?? new JsonObject();
            }
            body["id"] = block.Id;
            perLanguage[language] = body;
        }
        var problems = new List<(string Path, string Message)>();
        var merged = LanguageMerge.Merge(type, perLanguage, "$", problems) as JsonObject;
        var (firstFile, firstBlock) = byLanguage.First().Value;
        foreach (var (path, message) in problems)
        {
            var line = parsedYaml.TryGetValue(byLanguage.First().Key, out var p) ? YamlJson.LineOf(p, path) : firstBlock.Line;
            errors.Add(new(firstFile, line, $"block '{firstBlock.Id}': {path.TrimStart('$', '.')} {message}"));
        }
        if (merged is null || problems.Count > 0)
        {
            return null;
        }
        var polymorphic = new JsonObject { ["type"] = BlockTypes.NameOf(type) };
        foreach (var (key, value) in merged)
        {
            polymorphic[key] = value?.DeepClone();
        }
        try
        {
            return polymorphic.Deserialize<Block>(ContractJson.Options);
        }
        catch (JsonException e)
        {
            var line = parsedYaml.TryGetValue(byLanguage.First().Key, out var p) ? YamlJson.LineOf(p, e.Path) : firstBlock.Line;
            errors.Add(new(firstFile, line, $"block '{firstBlock.Id}': {Explain(e)}"));
            return null;
        }
    }

    private static YamlJson.Parsed ReadYaml(string file)
    {
        if (new FileInfo(file).Length > MaxFileBytes)
        {
            throw new ContentFileException(new(file, 0, $"the file is larger than {MaxFileBytes / 1024 / 1024} MB"));
        }
        return YamlJson.Parse(File.ReadAllText(file), file);
    }

    private static T Deserialize<T>(JsonObject node, YamlJson.Parsed parsed, string file)
    {
        try
        {
            return node.Deserialize<T>(ContractJson.Options) ?? throw new ContentFileException(new(file, 1, "empty file"));
        }
        catch (JsonException e)
        {
            throw new ContentFileException(new(file, YamlJson.LineOf(parsed, e.Path), Explain(e)));
        }
    }

    /// <summary>"fallback: { nn: nb }" is the friendly form of "fallback: { nn: [nb] }".</summary>
    private static void NormalizeFallback(JsonObject root)
    {
        if (root["fallback"] is JsonObject fallback)
        {
            foreach (var key in fallback.Select(kv => kv.Key).ToList())
            {
                if (fallback[key] is JsonValue single)
                {
                    fallback[key] = new JsonArray(single.ToString());
                }
            }
        }
    }

    private static QuestionnaireDefinition NullListsToEmpty(QuestionnaireDefinition q) => q with
    {
        When = q.When ?? [], Scale = q.Scale ?? [], Items = q.Items ?? [], Subscales = q.Subscales ?? [], Bands = q.Bands ?? [],
        Alerts = q.Alerts ?? [], Intro = q.Intro ?? new(),
    };

    private static string Explain(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var field = e.Path is { Length: > 1 } path ? $" (at {path.TrimStart('$', '.')})" : "";
        return (cut > 0 ? message[..cut] : message) + field;
    }

    private static T? Catch<T>(List<ContentFileError> errors, Func<T> read) where T : class
    {
        try
        {
            return read();
        }
        catch (ContentFileException e)
        {
            errors.Add(e.Error);
            return null;
        }
        catch (IOException e)
        {
            errors.Add(new("?", 0, e.Message));
            return null;
        }
    }
}
