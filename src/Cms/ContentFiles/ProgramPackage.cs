using System.IO.Compression;
using System.Text.Json;
using ContentPlatform.Shared.Contract;

namespace ContentPlatform.Cms.ContentFiles;

/// <summary>What a package file says about itself.</summary>
public sealed record PackageManifest(int FormatVersion, string ExportedBy, DateTimeOffset ExportedAt, string Organisation, ProgramContent Program);

/// <summary>
/// One program as one file, for sharing between trusts: a zip holding package.json (format version, who exported it,
/// the whole program) and, later, its media. Reading refuses packages from a newer format it cannot understand.
/// </summary>
public static class ProgramPackage
{
    public const int FormatVersion = 1;
    private const string ManifestEntry = "package.json";

    public static void Write(Stream output, ProgramContent program, string exportedBy, DateTimeOffset at)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal);
        using var stream = entry.Open();
        JsonSerializer.Serialize(stream, new PackageManifest(FormatVersion, exportedBy, at, program.Organisation, program), ContractJson.Indented);
    }

    public static (PackageManifest? Manifest, string? Error) Read(Stream input)
    {
        try
        {
            using var zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
            var entry = zip.GetEntry(ManifestEntry);
            if (entry is null)
            {
                return (null, "not a program package: package.json is missing");
            }
            using var stream = entry.Open();
            using var document = JsonDocument.Parse(stream);
            var version = document.RootElement.TryGetProperty("formatVersion", out var v) && v.TryGetInt32(out var n) ? n : 0;
            if (version > FormatVersion)
            {
                return (null, $"the package was made by a newer version of ContentPlatform (format {version}); this installation reads format {FormatVersion} and older. Update this installation first.");
            }
            if (version < 1)
            {
                return (null, "not a program package: formatVersion is missing");
            }
            return (document.RootElement.Deserialize<PackageManifest>(ContractJson.Options), null);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            return (null, $"the package file is damaged or not a package: {e.Message}");
        }
    }
}
