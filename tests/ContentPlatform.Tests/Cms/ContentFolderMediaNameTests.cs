using ContentPlatform.Cms.Transfer.Files;
using ContentPlatform.Cms.Data;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Text;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Cms;

/// <summary>
/// `cms import DIR`: the media files of a program folder go through the one file-name rule (TextInput.FileName), and a
/// refused file leaves none of the import's files behind in the library.
/// </summary>
public sealed class ContentFolderMediaNameTests : IDisposable
{
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[4000]];
    private readonly string _root = Directory.CreateTempSubdirectory("cp-media-names-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_media_file_whose_name_has_a_bidi_override_is_stored_under_the_cleaned_name_and_importing_again_reuses_it()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var folder = Folder("names", "Brosjyre\u202Efdp.pdf");

        Assert.Empty(await BringInAsync(app.Services, folder));
        Assert.Empty(await BringInAsync(app.Services, folder));

        Assert.Equal(["names-Brosjyrefdp.pdf"], await FileNamesAsync(app.Services));
    }

    [Fact]
    public async Task A_reference_that_leaves_the_media_folder_is_refused_and_the_files_taken_in_before_it_are_removed_again()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var folder = Folder("escape", "god.pdf", "../utenfor.pdf");
        await File.WriteAllBytesAsync(Path.Combine(_root, "programs", "escape", "utenfor.pdf"), Pdf);

        var errors = await BringInAsync(app.Services, folder);

        Assert.Contains(errors, e => e.Message.Contains("media/../utenfor.pdf", StringComparison.Ordinal));
        Assert.Empty(await FileNamesAsync(app.Services));
    }

    [Fact]
    public async Task A_media_file_whose_name_is_too_long_for_the_library_is_refused_and_the_files_taken_in_before_it_are_removed_again()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        // The file system allows this name; the library's name ("<program>-<file>") is longer than the rule's limit.
        var folder = Folder("long", "god.pdf", new string('a', TextInput.MaxFileNameLength - 4) + ".pdf");

        var errors = await BringInAsync(app.Services, folder);

        Assert.Contains(errors, e => e.Message.Contains($"longer than {TextInput.MaxFileNameLength}", StringComparison.Ordinal));
        Assert.Empty(await FileNamesAsync(app.Services));
    }

    /// <summary>A program folder (as `cms export` writes it) whose page has a download block per file in media/.</summary>
    private ProgramFolder Folder(string id, params string[] files)
    {
        var program = ManagerSamples.Valid(id);
        var page = program.Modules[0].Pages[0];
        var downloads = files.Select((f, i) => (Block)new DownloadBlock { Id = $"{id}-d{i}", Media = $"media/{f}", Title = LocalizedText.Of("Hefte", "Hefte") });
        program = program with { Modules = [program.Modules[0] with { Pages = [page with { Blocks = [.. page.Blocks, .. downloads] }] }] };
        ContentFolderWriter.Write(_root, program);
        var media = Directory.CreateDirectory(Path.Combine(_root, "programs", id, "media")).FullName;
        foreach (var file in files.Where(f => !f.StartsWith("../", StringComparison.Ordinal)))
        {
            File.WriteAllBytes(Path.Combine(media, file), Pdf);
        }
        var read = ContentFolderReader.Read(_root);
        Assert.Empty(read.Errors);
        return read.Programs.Single(p => p.Content.Id == id);
    }

    private static async Task<IReadOnlyList<ContentFileError>> BringInAsync(IServiceProvider services, ProgramFolder folder)
    {
        await using var scope = services.CreateAsyncScope();
        return (await ActivatorUtilities.CreateInstance<FolderMedia>(scope.ServiceProvider).BringInAsync(folder, "import")).Errors;
    }

    private static async Task<List<string>> FileNamesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().MediaAssets.Select(a => a.FileName).ToListAsync();
    }
}
