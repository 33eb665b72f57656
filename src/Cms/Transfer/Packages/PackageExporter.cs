using System.IO.Compression;
using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Storage;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Transfer.Packages;

/// <summary>Writes a program and every media file it refers to (with alt text, transcripts and captions) as one package.</summary>
public sealed class PackageExporter(CmsDbContext db, IMediaStore store, TimeProvider clock)
{
    public async Task WriteAsync(Stream output, ProgramContent program, string exportedBy, CancellationToken ct = default)
    {
        var captionsOf = program.AllBlocks().Select(b => b.Block).OfType<VideoBlock>()
            .SelectMany(v => v.Captions.Select(c => (Captions: c.Value, Video: v.Media, Language: c.Key)))
            .GroupBy(c => c.Captions).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var keys = program.MediaKeys().Where(k => k.Length > 0).Distinct().ToList();
        var assets = keys.Count == 0 ? []
            : await db.MediaAssets.AsNoTracking().Where(a => keys.Contains(a.Key)).OrderBy(a => a.Key).ToListAsync(ct);

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var media = new List<PackageMedia>();
        foreach (var asset in assets)
        {
            var entryName = $"media/{asset.Key}/{Path.GetFileName(asset.FileName)}";
            await using (var blob = await store.OpenReadAsync(asset.BlobKey, cancellationToken: ct)
                                    ?? throw new InvalidOperationException($"media '{asset.Key}' has no stored file ({asset.BlobKey})"))
            {
                // Video, audio and images are compressed already; zipping them again costs time and saves nothing.
                await using var entry = zip.CreateEntry(entryName, CompressionLevel.NoCompression).Open();
                await blob.Content.CopyToAsync(entry, ct);
            }
            var captions = captionsOf.GetValueOrDefault(asset.Key);
            media.Add(new PackageMedia
            {
                Key = asset.Key, Entry = entryName, FileName = asset.FileName, ContentHash = asset.ContentHash, Bytes = asset.Bytes,
                AltText = asset.AltText, Transcript = asset.Transcript,
                CaptionsOf = captions.Captions is null ? null : captions.Video, Language = captions.Captions is null ? null : captions.Language,
            });
        }
        var package = new ProgramPackage
        {
            ExportedAt = clock.GetUtcNow(), ExportedBy = exportedBy, Organisation = program.Organisation, Program = program, Media = media,
        };
        await using var manifest = zip.CreateEntry(ProgramPackage.ManifestEntry, CompressionLevel.Optimal).Open();
        await JsonSerializer.SerializeAsync(manifest, package, ContractJson.Indented, ct);
    }
}
