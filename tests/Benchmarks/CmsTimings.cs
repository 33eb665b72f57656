using System.Diagnostics;
using ContentPlatform.Cms.Transfer.Files;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentPlatform.Benchmarks;

/// <summary>Import of content/ and publishing a 10-module program, timed in-process against a real SQLite file.</summary>
public static class CmsTimings
{
    public static async Task<int> RunAsync(string dataDir, string contentDir)
    {
        Directory.CreateDirectory(dataDir);
        // WebApplicationFactory finds the app's content root through this variable outside a test run.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CONTENTPLATFORM_CMS", Path.GetFullPath(Path.Combine("src", "Cms")));
        await using var app = new CmsHost(dataDir);
        var services = app.Services;

        // Import: read + validate + write, fresh database each round.
        var read = Stopwatch.StartNew();
        var folder = ContentFolderReader.Read(contentDir);
        read.Stop();
        await using (var scope = services.CreateAsyncScope())
        {
            var sw = Stopwatch.StartNew();
            var report = await ActivatorUtilities.CreateInstance<ContentImporter>(scope.ServiceProvider)
                .ImportAsync(folder.Programs.Select(p => p.Content).ToList(), "bench", publish: true);
            sw.Stop();
            Console.WriteLine($"import content/ ({folder.Programs.Count} programs, {folder.Programs.Sum(p => p.Content.Modules.Sum(m => m.Pages.Count))} pages): " +
                              $"read {read.Elapsed.TotalMilliseconds:F0} ms, import+publish {sw.Elapsed.TotalMilliseconds:F0} ms{(report.Error is null ? "" : $" ERROR {report.Error.Message}")}");
        }

        // Publish of a 10-module program (the approved draft → immutable release), 30 rounds.
        var template = folder.Programs.Single(p => p.Content.Kind == ProgramKind.Guided).Content;
        var times = new List<double>();
        for (var round = 0; round < 30; round++)
        {
            var program = TenModules(template, $"bench-{round}");
            await using var scope = services.CreateAsyncScope();
            var workflow = scope.ServiceProvider.GetRequiredService<ProgramWorkflow>();
            var (_, created) = await workflow.CreateAsync(program, "bench");
            var refused = created ?? await workflow.SubmitAsync(program.Id, "bench") ?? await workflow.ApproveAsync(program.Id, null, "bench-reviewer");
            if (refused is not null)
            {
                Console.Error.WriteLine($"{program.Id}: {refused.Message} {string.Join("; ", refused.Problems?.Take(3).Select(p => p.ToString()) ?? [])}");
                return 1;
            }
            var sw = Stopwatch.StartNew();
            var (_, error) = await workflow.PublishAsync(program.Id, "bench");
            sw.Stop();
            if (error is not null)
            {
                Console.Error.WriteLine(error.Message);
                return 1;
            }
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"publish 10-module program ({TenModules(template, "x").AllBlocks().Count()} blocks), 30 rounds: " +
                          $"p50 {Percentile(times, 50):F1} ms, p99 {Percentile(times, 99):F1} ms, max {times[^1]:F1} ms (goal < 1000 ms)");
        return 0;
    }

    private static ProgramContent TenModules(ProgramContent template, string id)
    {
        var modules = Enumerable.Range(0, 10).Select(i =>
        {
            var source = template.Modules[i % template.Modules.Count];
            return Renamed(source, $"{i}-");
        }).ToList();
        // Module-specific reply templates follow their module's first copy ("0-m4"), so every reference still resolves.
        var templates = template.ReplyTemplates?.Select(t => t.ModuleId is null ? t : t with { ModuleId = $"{template.Modules.ToList().FindIndex(m => m.Id == t.ModuleId)}-{t.ModuleId}" }).ToList();
        return template with { Id = id, Slug = id, Modules = modules, ReplyTemplates = templates };
    }

    /// <summary>A copy of a module with every id prefixed, so ids stay unique when modules repeat.</summary>
    private static ModuleContent Renamed(ModuleContent module, string prefix)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(module, ContractJson.Options);
        foreach (var id in module.Pages.SelectMany(p => p.Blocks.Select(b => b.Id).Append(p.Id)).Append(module.Id).OrderByDescending(s => s.Length))
        {
            json = json.Replace($"\"id\":\"{id}\"", $"\"id\":\"{prefix}{id}\"", StringComparison.Ordinal);
        }
        return System.Text.Json.JsonSerializer.Deserialize<ModuleContent>(json, ContractJson.Options)!;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];

    private sealed class CmsHost(string dataDir) : WebApplicationFactory<ContentPlatform.Cms.CmsApp>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:DataPath", dataDir);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
