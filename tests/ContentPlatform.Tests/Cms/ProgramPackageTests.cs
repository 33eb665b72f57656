using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Transfer.Packages;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Text;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Cms;

/// <summary>Program packages: how one trust hands a program, with its media, to another.</summary>
public sealed class ProgramPackageTests(MediaSamples samples) : IClassFixture<MediaSamples>
{

    [Fact]
    public async Task A_package_carries_the_program_and_its_media_to_another_installation_and_importing_it_again_reuses_them()
    {
        await using var source = await Apps.CmsAsync(Db.Sqlite);
        var (imageKey, videoKey) = await AddMediaAsync(source.Services, "pust");
        var program = WithMedia(ManagerSamples.Valid("calm"), imageKey, videoKey, await CaptionKeysAsync(source.Services, videoKey));
        await ManagerSamples.CreateAsync(source.Services, program, "eli");
        var file = await ExportAsync(source.Services, "calm");

        // The other installation has media of its own; keys are made per installation, so references must be rewritten.
        await using var target = await Apps.CmsAsync(Db.Sqlite);
        await using (var scope = target.Services.CreateAsyncScope())
        {
            var (other, _) = await scope.ServiceProvider.GetRequiredService<MediaLibrary>().IngestAsync(samples["sample.jpg"], "pust.png", "kari");
            Assert.NotNull(other);
        }
        var first = await ApplyAsync(target.Services, file);
        Assert.Null(first.Error);
        Assert.True(first.Created);

        await using (var scope = target.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var imported = ProgramContent.FromJson((await db.Programs.SingleAsync(p => p.Id == "calm")).DocumentJson);
            var image = imported.AllBlocks().Select(b => b.Block).OfType<ImageBlock>().Single();
            var video = imported.AllBlocks().Select(b => b.Block).OfType<VideoBlock>().Single();
            Assert.NotEqual(imageKey, image.Media); // this installation's own key
            var sourceHashes = await HashesAsync(source.Services);
            var imageAsset = await db.MediaAssets.SingleAsync(a => a.Key == image.Media);
            Assert.Equal(sourceHashes[imageKey], imageAsset.ContentHash);
            Assert.Equal("Ein person som pustar roleg", imageAsset.AltText["nn"]);
            Assert.Equal(sourceHashes[videoKey], (await db.MediaAssets.SingleAsync(a => a.Key == video.Media)).ContentHash);
            foreach (var language in new[] { "nb", "nn" })
            {
                var captions = await db.MediaAssets.SingleAsync(a => a.Key == video.Captions[language]);
                Assert.Equal(language, captions.Language);
                Assert.Contains(video.Captions[language], (await db.MediaAssets.SingleAsync(a => a.Key == video.Media)).Captions.Values);
            }
            Assert.Equal(5, await db.MediaAssets.CountAsync()); // the other picture + image, video and two caption files
        }

        var second = await ApplyAsync(target.Services, file);
        Assert.Null(second.Error);
        Assert.False(second.Created);
        await using (var scope = target.Services.CreateAsyncScope())
        {
            Assert.Equal(5, await scope.ServiceProvider.GetRequiredService<CmsDbContext>().MediaAssets.CountAsync()); // nothing twice
        }
    }

    [Fact]
    public async Task A_package_whose_file_is_not_what_it_claims_or_was_altered_is_refused_and_changes_nothing()
    {
        await using var target = await Apps.CmsAsync(Db.Sqlite);
        var picture = await File.ReadAllBytesAsync(samples["sample.png"]);
        var markup = "<html><script>alert(1)</script></html>"u8.ToArray();

        // A good picture first, then markup named .png: the picture already taken in must be removed again.
        var disguised = Package(("good", "good.png", picture, Hash(picture)), ("bad", "bad.png", markup, Hash(markup)));
        var refused = await ApplyAsync(target.Services, disguised);
        Assert.Equal("media-refused", refused.Error);
        Assert.Contains("bad.png", refused.Detail);

        var altered = Package(("good", "good.png", picture, Hash(markup)));
        var tampered = await ApplyAsync(target.Services, altered);
        Assert.Equal("media-refused", tampered.Error);
        Assert.Contains("does not match", tampered.Detail);

        await using var scope = target.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        Assert.Equal(0, await db.MediaAssets.CountAsync());
        Assert.Equal(0, await db.Programs.CountAsync());
    }

    [Fact]
    public void A_package_from_a_newer_format_is_refused_and_a_format_1_package_is_still_read()
    {
        foreach (var newer in new[] { Zip("{\"formatVersion\": 99, \"program\": {}}"), Encoding.UTF8.GetBytes("{\"formatVersion\": 99, \"program\": {}}") })
        {
            var (package, error, detail) = ProgramPackage.Read(new MemoryStream(newer));
            Assert.Null(package);
            Assert.Equal("wrong-version", error);
            Assert.Equal("99", detail);
            Assert.Contains("newer version", PackageErrors.Describe(error!, detail));
        }
        var program = SamplePrograms.Draft();
        var formatOne = JsonSerializer.Serialize(new { format = ProgramPackage.FormatName, formatVersion = 1, exportedBy = "eli", program }, ContractJson.Options);
        var read = ProgramPackage.Read(new MemoryStream(Encoding.UTF8.GetBytes(formatOne)));
        Assert.Null(read.Error);
        Assert.Equal(JsonSerializer.Serialize(program, ContractJson.Options), JsonSerializer.Serialize(read.Package!.Program, ContractJson.Options));
        Assert.Equal("wrong-format", ProgramPackage.Read(new MemoryStream(Zip("{}", entry: "other.json"))).Error);
        Assert.Equal("damaged", ProgramPackage.Read(new MemoryStream("PK not a zip"u8.ToArray())).Error);
    }

    [Fact]
    public async Task A_packaged_file_name_goes_through_the_one_rule_and_an_over_long_or_blank_one_is_refused_leaving_nothing_behind()
    {
        await using var target = await Apps.CmsAsync(Db.Sqlite);
        var picture = await File.ReadAllBytesAsync(samples["sample.png"]);

        // A good file first, then one whose name (extension) is longer than the rule allows, or has nothing visible.
        var tooLong = await ApplyAsync(target.Services, Package(("good", "good.png", picture, Hash(picture)),
            ("long", "bilde." + new string('p', TextInput.MaxFileNameLength), picture, Hash(picture))));
        Assert.Equal("media-refused", tooLong.Error);
        Assert.Contains($"longer than {TextInput.MaxFileNameLength}", tooLong.Detail);
        var blank = await ApplyAsync(target.Services, Package(("good", "good.png", picture, Hash(picture)), ("blank", "\u200B/\u2060", picture, Hash(picture))));
        Assert.Equal("media-refused", blank.Error);
        await using (var scope = target.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            Assert.Equal(0, await db.MediaAssets.CountAsync());
            Assert.Equal(0, await db.Programs.CountAsync());
        }

        // Folders, a bidi override and a NUL (after the dot, where it went into a temporary file's name) are cleaned away.
        var cleaned = await ApplyAsync(target.Services, Package(("one", "../mappe/Bil\u202Ede.pn\0g", picture, Hash(picture))));
        Assert.Null(cleaned.Error);
        await using var after = target.Services.CreateAsyncScope();
        Assert.Equal("Bilde.png", await after.ServiceProvider.GetRequiredService<CmsDbContext>().MediaAssets.Select(a => a.FileName).SingleAsync());
    }

    private async Task<(string Image, string Video)> AddMediaAsync(IServiceProvider services, string name)
    {
        await using var scope = services.CreateAsyncScope();
        var library = scope.ServiceProvider.GetRequiredService<MediaLibrary>();
        var (image, _) = await library.IngestAsync(samples["sample.png"], $"{name}.png", "eli");
        await library.UpdateTextsAsync(image!.Key, new Dictionary<string, string?> { ["nb"] = "En person som puster rolig", ["nn"] = "Ein person som pustar roleg" }, null, "eli");
        var (video, _) = await library.IngestAsync(samples["sample.mp4"], $"{name}.mp4", "eli");
        foreach (var language in new[] { "nb", "nn" })
        {
            var vtt = Path.Combine(samples.Folder, $"{name}.{language}.vtt");
            await File.WriteAllTextAsync(vtt, $"WEBVTT\n\n00:00.000 --> 00:01.000\n{(language == "nb" ? "Pust inn" : "Pust inn, no")}\n");
            var (captions, refusal) = await library.AddCaptionsAsync(video!.Key, language, vtt, "eli");
            Assert.True(captions is not null, refusal?.Reason);
        }
        return (image.Key, video!.Key);
    }

    private static async Task<SortedDictionary<string, string>> CaptionKeysAsync(IServiceProvider services, string videoKey)
    {
        await using var scope = services.CreateAsyncScope();
        var video = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().MediaAssets.AsNoTracking().SingleAsync(a => a.Key == videoKey);
        return new SortedDictionary<string, string>(video.Captions, StringComparer.Ordinal);
    }

    private static ProgramContent WithMedia(ProgramContent program, string image, string video, SortedDictionary<string, string> captions)
    {
        var page = program.Modules[0].Pages[0];
        Block[] media =
        [
            new ImageBlock { Id = "calm-img", Media = image, Alt = LocalizedText.Of("En person som puster", "Ein person som pustar") },
            new VideoBlock { Id = "calm-video", Media = video, Captions = captions, Title = LocalizedText.Of("Pust", "Pust"), Transcript = LocalizedText.Of("Pust inn.", "Pust inn.") },
        ];
        return program with { Modules = [program.Modules[0] with { Pages = [page with { Blocks = [.. page.Blocks, .. media] }] }] };
    }

    private static async Task<string> ExportAsync(IServiceProvider services, string programId)
    {
        await using var scope = services.CreateAsyncScope();
        var draft = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Programs.AsNoTracking().SingleAsync(p => p.Id == programId);
        var file = Path.GetTempFileName();
        await using var output = File.Create(file);
        await scope.ServiceProvider.GetRequiredService<PackageExporter>().WriteAsync(output, ProgramContent.FromJson(draft.DocumentJson), "eli");
        return file;
    }

    private static async Task<PackageOutcome> ApplyAsync(IServiceProvider services, string file)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PackageImporter>().ApplyAsync(file, "kari", expectedVersion: null);
    }

    private static async Task<Dictionary<string, string>> HashesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CmsDbContext>().MediaAssets.ToDictionaryAsync(a => a.Key, a => a.ContentHash);
    }

    /// <summary>A package of the sample program whose image blocks use the given files.</summary>
    private static string Package(params (string Key, string Name, byte[] Bytes, string Hash)[] files)
    {
        var program = ManagerSamples.Valid("calm");
        var page = program.Modules[0].Pages[0];
        var images = files.Select(f => (Block)new ImageBlock { Id = $"img-{f.Key}", Media = f.Key, Alt = LocalizedText.Of("Bilde", "Bilete") });
        program = program with { Modules = [program.Modules[0] with { Pages = [page with { Blocks = [.. page.Blocks, .. images] }] }] };
        var package = new ProgramPackage
        {
            Program = program, ExportedBy = "ola",
            Media = files.Select(f => new PackageMedia { Key = f.Key, Entry = $"media/{f.Key}/file", FileName = f.Name, ContentHash = f.Hash }).ToList(),
        };
        var file = Path.GetTempFileName();
        using var zip = new ZipArchive(File.Create(file), ZipArchiveMode.Create);
        foreach (var f in files)
        {
            using var entry = zip.CreateEntry($"media/{f.Key}/file").Open();
            entry.Write(f.Bytes);
        }
        using (var writer = new StreamWriter(zip.CreateEntry(ProgramPackage.ManifestEntry).Open()))
        {
            writer.Write(package.ToJson());
        }
        return file;
    }

    private static byte[] Zip(string manifest, string entry = ProgramPackage.ManifestEntry)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry(entry).Open()))
        {
            writer.Write(manifest);
        }
        return buffer.ToArray();
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
