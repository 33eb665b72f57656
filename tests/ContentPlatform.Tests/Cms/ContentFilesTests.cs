using System.IO.Compression;
using System.Text.Json;
using ContentPlatform.Cms.Transfer.Files;
using ContentPlatform.Cms.Transfer;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Cms;

/// <summary>Programs as files: the demo content, import/export, and bad input that names file and line and changes nothing.</summary>
public sealed class ContentFilesTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cp-content-").FullName;
    private static string DemoContent => Path.Combine(RepoPaths.Root, "content");

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Json(ProgramContent p) => JsonSerializer.Serialize(p, ContractJson.Options);

    [Fact]
    public void The_demo_content_reads_without_errors_and_passes_every_publish_check()
    {
        var read = ContentFolderReader.Read(DemoContent);
        Assert.Empty(read.Errors);
        Assert.Equal(["leve-med-diabetes-type-1", "meistring-av-uro", "oppfolging-etter-uro"], read.Programs.Select(p => p.Content.Slug));
        var guided = read.Programs.Single(p => p.Content.Kind == ProgramKind.Guided).Content;
        Assert.Equal(8, guided.Modules.Count);
        Assert.Single(guided.Questionnaires.Single(q => q.Id == "weekly-checkin").Alerts);
        foreach (var program in read.Programs)
        {
            Assert.Empty(PublishValidator.Validate(program.Content, new TranslationLog()));
        }
    }

    [Fact]
    public void Export_then_import_gives_back_the_same_programs()
    {
        var first = ContentFolderReader.Read(DemoContent);
        foreach (var program in first.Programs)
        {
            ContentFolderWriter.Write(_temp, program.Content);
        }
        var second = ContentFolderReader.Read(_temp);
        Assert.Empty(second.Errors);
        Assert.Equal(first.Programs.Select(p => Json(p.Content)), second.Programs.Select(p => Json(p.Content)));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Importing_the_demo_content_twice_publishes_once_with_its_video_and_then_changes_nothing(Db db)
    {
        var root = Path.Combine(_temp, "demo");
        CopyDirectory(DemoContent, root);
        var video = Path.Combine(root, "programs", "leve-med-diabetes-type-1", "media", "insulinpenn.mp4");
        File.Delete(video);
        await FFmpegAsync($"-f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440 -t 2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest \"{video}\"");
        await using var app = await Apps.CmsAsync(db);
        var folders = ContentFolderReader.Read(root).Programs;

        var first = await ImportWithMediaAsync(app.Services, folders);
        Assert.All(first.Programs, p => Assert.Equal(ImportOutcome.Created, p.Outcome));
        Assert.All(first.Programs, p => Assert.Equal(1, p.PublishedRelease));

        var second = await ImportWithMediaAsync(app.Services, folders);
        Assert.All(second.Programs, p => Assert.Equal(ImportOutcome.Unchanged, p.Outcome));
        Assert.All(second.Programs, p => Assert.Null(p.PublishedRelease));
        await using var scope = app.Services.CreateAsyncScope();
        var cms = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        Assert.Equal(3, await cms.Programs.CountAsync());
        Assert.Equal(3, await cms.Revisions.CountAsync());
        Assert.Equal(3, await cms.Releases.CountAsync());
        Assert.Equal(3, await cms.MediaAssets.CountAsync()); // the video and its nb and nn captions, once

        var course = await cms.Releases.Where(r => r.ProgramId == "diabetes1").Select(r => r.ReleaseJson).SingleAsync();
        var release = JsonSerializer.Deserialize<ProgramRelease>(course, ContractJson.Options)!;
        var block = release.Content.AllBlocks().Select(b => b.Block).OfType<VideoBlock>().Single();
        Assert.Contains(release.Media, m => m.Key == block.Media && m.Kind == MediaKind.Video && m.Renditions.Count > 0);
        Assert.Equal(["nb", "nn"], block.Captions.Keys);
        Assert.All(block.Captions.Values, key => Assert.Contains(release.Media, m => m.Key == key && m.Kind == MediaKind.Captions));
    }

    [Fact]
    public async Task Without_its_video_file_the_course_is_imported_as_a_draft_and_its_publish_is_refused_with_the_reference()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var programs = ContentFolderReader.Read(DemoContent).Programs.Select(p => p.Content).ToList();
        var first = await ImportAsync(app.Services, programs, publish: true);
        Assert.Equal(1, first.Programs.Single(p => p.Slug == "meistring-av-uro").PublishedRelease);
        var course = first.Programs.Single(p => p.Slug == "leve-med-diabetes-type-1");
        Assert.Null(course.PublishedRelease);
        Assert.Contains(course.PublishError!.Problems!, p => p.Code == "broken-reference" && p.Detail == "media/insulinpenn.mp4");
    }

    private static async Task<ImportReport> ImportWithMediaAsync(IServiceProvider services, IReadOnlyList<ProgramFolder> folders)
    {
        await using var scope = services.CreateAsyncScope();
        var media = ActivatorUtilities.CreateInstance<FolderMedia>(scope.ServiceProvider);
        var programs = new List<ProgramContent>();
        var keys = new List<string>();
        foreach (var folder in folders)
        {
            var brought = await media.BringInAsync(folder, "import");
            Assert.Empty(brought.Errors);
            programs.Add(brought.Content);
            keys.AddRange(brought.AssetKeys);
        }
        // The app's own media job runner processes the video; wait for it (no sleeping on a guess).
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<MediaIntake>().WaitUntilProcessedAsync(keys, null, null, TimeSpan.FromMinutes(2)));
        return await ActivatorUtilities.CreateInstance<ContentImporter>(scope.ServiceProvider).ImportAsync(programs, "import", publish: true);
    }

    private static async Task FFmpegAsync(string arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("ffmpeg", "-v error -y " + arguments) { RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
    }

    [Fact]
    public async Task An_import_that_fails_part_way_changes_nothing()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        await ImportAsync(app.Services, [SamplePrograms.Draft("existing", "taken")], publish: false);
        var good = SamplePrograms.Draft("good");
        var clash = SamplePrograms.Draft("clash", "taken");
        var report = await ImportAsync(app.Services, [good, clash], publish: true);
        Assert.Equal("duplicate-slug", report.Error?.Code);
        Assert.Equal("taken", report.FailedProgram);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(["existing"], await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Programs.Select(p => p.Id).ToListAsync());
    }

    [Fact]
    public async Task A_program_that_fails_the_publish_checks_is_imported_as_a_draft_with_the_reason()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var incomplete = SamplePrograms.Draft("incomplete") with { Title = new LocalizedText { ["nb"] = "Mangler nynorsk" } };
        var report = await ImportAsync(app.Services, [incomplete], publish: true);
        var imported = Assert.Single(report.Programs);
        Assert.Null(imported.PublishedRelease);
        Assert.Contains(imported.PublishError!.Problems!, p => p.Code == "missing-language" && p.Path == "title › nn");
    }

    [Fact]
    public void Malformed_yaml_is_reported_with_file_and_line()
    {
        var folder = CopyOfGuided();
        File.WriteAllText(Path.Combine(folder, "program.yaml"), "id: uro\nslug: uro\nkind: guided\ntitle: a: b\n");
        var error = Assert.Single(ContentFolderReader.Read(folder).Errors);
        Assert.EndsWith("program.yaml", error.File);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void An_unknown_block_type_is_reported_with_file_line_and_the_known_types()
    {
        var page = PageFile("nb");
        File.WriteAllText(page, File.ReadAllText(page).Replace("::: text m1-welcome", "::: poem m1-welcome", StringComparison.Ordinal));
        var nn = page.Replace(".nb.md", ".nn.md", StringComparison.Ordinal);
        File.WriteAllText(nn, File.ReadAllText(nn).Replace("::: text m1-welcome", "::: poem m1-welcome", StringComparison.Ordinal));
        var error = Assert.Single(ContentFolderReader.Read(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(page)))!).Errors);
        Assert.Contains("unknown block type 'poem'", error.Message);
        Assert.Contains("quiz", error.Message);
        Assert.Equal(6, error.Line);
    }

    [Fact]
    public void Pages_whose_languages_disagree_in_structure_are_refused()
    {
        var nn = PageFile("nn");
        File.WriteAllText(nn, File.ReadAllText(nn).Replace("ref: weekly-checkin", "ref: another-form", StringComparison.Ordinal));
        var errors = ContentFolderReader.Read(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(nn)))!).Errors;
        var error = Assert.Single(errors);
        Assert.Contains("ref differs between languages", error.Message);
    }

    [Fact]
    public void A_50_MB_markdown_file_is_refused_before_it_is_read()
    {
        var nb = PageFile("nb");
        using (var stream = new FileStream(nb, FileMode.Append))
        {
            stream.SetLength(50L * 1024 * 1024);
        }
        var error = Assert.Single(ContentFolderReader.Read(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(nb)))!).Errors);
        Assert.Contains("50 MB", error.Message);
        Assert.Contains("at most 2 MB", error.Message);
    }

    [Fact]
    public void Two_programs_with_the_same_slug_are_refused()
    {
        var root = Path.Combine(_temp, "two");
        var a = Path.Combine(root, "programs", "a");
        var b = Path.Combine(root, "programs", "b");
        CopyDirectory(Path.Combine(DemoContent, "programs", "meistring-av-uro"), a);
        CopyDirectory(Path.Combine(DemoContent, "programs", "meistring-av-uro"), b);
        File.WriteAllText(Path.Combine(b, "program.yaml"), File.ReadAllText(Path.Combine(b, "program.yaml")).Replace("id: uro", "id: uro2", StringComparison.Ordinal));
        var read = ContentFolderReader.Read(root);
        Assert.Contains(read.Errors, e => e.Message.Contains("duplicate slug 'meistring-av-uro'", StringComparison.Ordinal));
        Assert.Empty(read.Programs);
    }

    [Fact]
    public void A_questionnaire_whose_bands_leave_a_gap_fails_validation_at_its_file()
    {
        var folder = CopyOfGuided();
        var file = Path.Combine(folder, "questionnaires", "weekly-checkin.yaml");
        var yaml = File.ReadAllText(file);
        Assert.Contains("from: 8", yaml);
        File.WriteAllText(file, yaml.Replace("from: 8", "from: 9", StringComparison.Ordinal));
        var program = Assert.Single(ContentFolderReader.Read(folder).Programs);
        var problem = Assert.Single(PublishValidator.Validate(program.Content, new TranslationLog()));
        Assert.Equal("bands-gap", problem.Code);
        Assert.EndsWith("weekly-checkin.yaml", program.Sources[problem.Location.QuestionnaireId!].File);
    }

    [Fact]
    public async Task The_cms_names_the_command_line_import_in_the_readers_language_wherever_it_names_who_did_what()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var uro = ContentFolderReader.Read(DemoContent).Programs.Single(p => p.Content.Id == "uro").Content;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var report = await ActivatorUtilities.CreateInstance<ContentImporter>(scope.ServiceProvider).ImportAsync([uro], ProgramWorkflow.ImportActor, publish: true);
            Assert.Equal(1, Assert.Single(report.Programs).PublishedRelease);
        }
        var client = await StaffClients.SignedInAsync(app, "ada@example.no", ContentPlatform.Cms.Identity.StaffRoles.Admin);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");

        // The program list's "last saved", the release sign-off on the review page and the history's columns.
        foreach (var url in new[] { "/programs", "/programs/uro/review", "/programs/uro/history" })
        {
            var html = await client.GetStringAsync(url);
            Assert.DoesNotContain(ProgramWorkflow.ImportActor, html);
            Assert.Contains("import frå innhaldsfiler", html);
        }
    }

    private static async Task<ImportReport> ImportAsync(IServiceProvider services, IReadOnlyList<ProgramContent> programs, bool publish)
    {
        await using var scope = services.CreateAsyncScope();
        return await ActivatorUtilities.CreateInstance<ContentImporter>(scope.ServiceProvider).ImportAsync(programs, "import", publish);
    }

    private string CopyOfGuided()
    {
        var target = Path.Combine(_temp, "uro");
        CopyDirectory(Path.Combine(DemoContent, "programs", "meistring-av-uro"), target);
        return target;
    }

    private string PageFile(string language)
    {
        var folder = CopyOfGuided();
        return Directory.GetFiles(Path.Combine(folder, "modules"), $"01-*.{language}.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal), overwrite: true);
        }
    }
}
