using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Changes;
using ContentPlatform.Cms.Transfer.Files;
using ContentPlatform.Cms.Transfer.Packages;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Transfer;

/// <summary>
/// The transfer verbs of the command line (validate, import, export, export-package, import-package): what each prints
/// and its exit code (0 ok, 1 content errors: nothing was changed). <see cref="CmsCommands"/> parses the arguments.
/// </summary>
public static class TransferCommands
{
    public static int Validate(string folder)
    {
        var read = ContentFolderReader.Read(folder, ProgressBar("Reading"));
        var problems = read.Errors.Select(e => e.ToString()).ToList();
        foreach (var program in read.Programs)
        {
            foreach (var problem in PublishValidator.Validate(program.Content, new TranslationLog()))
            {
                var id = problem.Location.BlockId ?? problem.Location.PageId ?? problem.Location.ModuleId ?? problem.Location.QuestionnaireId ?? program.Content.Id;
                var (file, line) = program.Sources.TryGetValue(id, out var source) ? source : (Path.Combine(program.Folder, "program.yaml"), 0);
                problems.Add(new ContentFileError(file, line, $"{problem.Code}: {problem.Path}{(problem.Detail is null ? "" : $" ({problem.Detail})")}").ToString());
            }
        }
        foreach (var problem in problems)
        {
            Console.Error.WriteLine(problem);
        }
        Console.WriteLine(problems.Count == 0 ? $"OK: {read.Programs.Count} program(s), no problems." : $"{problems.Count} problem(s).");
        return problems.Count == 0 ? 0 : 1;
    }

    public static async Task<int> ImportAsync(IServiceProvider services, string folder, bool publish)
    {
        var read = ContentFolderReader.Read(folder, ProgressBar("Reading"));
        if (read.Errors.Count > 0)
        {
            foreach (var error in read.Errors)
            {
                Console.Error.WriteLine(error);
            }
            Console.Error.WriteLine($"Import refused: {read.Errors.Count} error(s). Nothing was changed.");
            return 1;
        }
        // Media first: files under each program's media/ go into the library (and through the FFmpeg jobs, run here since
        // a command starts no background services), so publishing can check captions and build the media manifest.
        var media = services.GetRequiredService<FolderMedia>();
        var intake = services.GetRequiredService<MediaIntake>();
        var programs = new List<ProgramContent>();
        var assetKeys = new List<string>();
        var added = new List<string>();
        foreach (var programFolder in read.Programs)
        {
            var brought = await media.BringInAsync(programFolder, ProgramWorkflow.ImportActor);
            added.AddRange(brought.Added);
            if (brought.Errors.Count > 0)
            {
                await intake.UndoAsync(added); // the programs before this one brought media in too
                foreach (var error in brought.Errors)
                {
                    Console.Error.WriteLine(error);
                }
                Console.Error.WriteLine("Import refused: media files are missing or refused. No program was changed.");
                return 1;
            }
            programs.Add(brought.Content);
            assetKeys.AddRange(brought.AssetKeys);
        }
        var runner = services.GetServices<IHostedService>().OfType<Media.Processing.MediaJobRunner>().Single();
        var unready = await intake.WaitUntilProcessedAsync(assetKeys, async ct =>
        {
            if (await runner.ClaimAsync(ct) is not { } job)
            {
                return false;
            }
            await runner.RunAsync(job, ct);
            return true;
        }, ProgressBar("Processing media"), TimeSpan.FromMinutes(30));
        foreach (var key in unready)
        {
            Console.Error.WriteLine($"media '{key}' could not be processed; see the media library for the error.");
        }
        var importer = services.GetRequiredService<ContentImporter>();
        var report = await importer.ImportAsync(programs, ProgramWorkflow.ImportActor, publish, ProgressBar("Importing"));
        if (report.Error is not null)
        {
            Console.Error.WriteLine($"{report.FailedProgram}: {report.Error.Message}");
            foreach (var problem in report.Error.Problems ?? [])
            {
                Console.Error.WriteLine($"  {problem.Code}: {problem.Path}");
            }
            Console.Error.WriteLine("Import refused. Nothing was changed.");
            return 1;
        }
        foreach (var p in report.Programs)
        {
            Console.WriteLine($"  {p.Slug,-32} {p.Outcome.ToString().ToLowerInvariant()}{(p.PublishedRelease is { } r ? $", published release {r}" : "")}" +
                              $"{(p.PublishError is { } e ? $", NOT published: {e.Message}" : "")}");
            foreach (var problem in p.PublishError?.Problems ?? [])
            {
                Console.WriteLine($"    {problem.Code}: {problem.Path}{(problem.Detail is null ? "" : $" ({problem.Detail})")}");
            }
        }
        return 0;
    }

    public static async Task<int> ExportAsync(IServiceProvider services, string folder, string? programId)
    {
        var db = services.GetRequiredService<CmsDbContext>();
        var drafts = await db.Programs.AsNoTracking().Where(p => programId == null || p.Id == programId).ToListAsync();
        foreach (var draft in drafts)
        {
            ContentFolderWriter.Write(folder, ProgramContent.FromJson(draft.DocumentJson));
            Console.WriteLine($"  {draft.Slug} → {Path.Combine(folder, "programs", draft.Slug)}");
        }
        return drafts.Count > 0 || programId is null ? 0 : 1;
    }

    public static async Task<int> ExportPackageAsync(IServiceProvider services, string programId, string file)
    {
        var db = services.GetRequiredService<CmsDbContext>();
        var draft = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programId);
        if (draft is null)
        {
            await Console.Error.WriteLineAsync($"No program '{programId}'.");
            return 1;
        }
        await using (var output = File.Create(file))
        {
            await services.GetRequiredService<PackageExporter>().WriteAsync(output, ProgramContent.FromJson(draft.DocumentJson), "command line");
        }
        Console.WriteLine($"  {draft.Slug} → {file} ({new FileInfo(file).Length / 1024} KiB)");
        return 0;
    }

    public static async Task<int> ImportPackageAsync(IServiceProvider services, string file, bool dryRun)
    {
        if (!File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"{file}: no such file.");
            return 1;
        }
        ProgramPackage? package;
        string? error, detail;
        await using (var input = File.OpenRead(file))
        {
            (package, error, detail) = ProgramPackage.Read(input);
        }
        if (package is null)
        {
            await Console.Error.WriteLineAsync($"{file}: {PackageErrors.Describe(error!, detail)}");
            return 1;
        }
        var importer = services.GetRequiredService<PackageImporter>();
        var plan = await importer.PlanAsync(package);
        Console.WriteLine($"Package: {package.Program.Slug} from {package.Organisation} ({package.ExportedAt:u}), format {package.FormatVersion}");
        if (plan.Existing is null)
        {
            Console.WriteLine($"  will create: {package.Program.Modules.Count} modules, {package.Program.Modules.Sum(m => m.Pages.Count)} pages");
        }
        else
        {
            var diff = ProgramChanges.Compare(ProgramContent.FromJson(plan.Existing.DocumentJson), package.Program);
            Console.WriteLine($"  will update: {diff.Count} change(s)");
            foreach (var group in diff.GroupBy(d => d.Kind))
            {
                var what = string.Join(", ", group.GroupBy(d => d.What).Select(w => $"{w.Key} {w.Count()}"));
                Console.WriteLine($"    {group.Key.ToString().ToLowerInvariant()}: {group.Count()} ({what})");
            }
        }
        Console.WriteLine($"  media: {plan.Media.Count(m => m.IsNew)} new, {plan.Media.Count(m => !m.IsNew)} already here");
        if (dryRun)
        {
            return 0;
        }
        var outcome = await importer.ApplyAsync(file, $"package from {package.Organisation}", expectedVersion: null);
        if (outcome.Draft is null)
        {
            await Console.Error.WriteLineAsync($"Import refused: {PackageErrors.Describe(outcome.Error!, outcome.Detail)}. Nothing was changed.");
            return 1;
        }
        Console.WriteLine($"  {(outcome.Created ? "created" : "updated")} as a draft; review and publish it in the Cms.");
        return 0;
    }

    /// <summary>A one-line progress bar on stderr (redrawn in place on a terminal, one line per step otherwise).</summary>
    private static SyncProgress ProgressBar(string label) => new SyncProgress(p =>
    {
        const int width = 24;
        var filled = p.Total == 0 ? width : p.Done * width / p.Total;
        var line = $"{label} [{new string('#', filled)}{new string('-', width - filled)}] {p.Done}/{p.Total} {p.Item}";
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(line);
        }
        else
        {
            Console.Error.Write($"\r{line,-79}");
            if (p.Done == p.Total)
            {
                Console.Error.WriteLine();
            }
        }
    });

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool and reorders lines).</summary>
    private sealed class SyncProgress(Action<(int Done, int Total, string Item)> report) : IProgress<(int Done, int Total, string Item)>
    {
        public void Report((int Done, int Total, string Item) value) => report(value);
    }
}
