using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.Transfer.Packages;

/// <summary>
/// A program shared with another trust, as one file: a zip holding package.json (this record: the draft with its
/// questionnaires, and a list of its media) and the media files under media/. Format 1 (the program only, as bare
/// JSON or as package.json in a zip) is still read; a package from a newer format is refused with a clear reason.
/// </summary>
public sealed record ProgramPackage
{
    public const string FormatName = "contentplatform.program-package";
    public const int CurrentVersion = 2;
    public const string ManifestEntry = "package.json";

    public string Format { get; init; } = FormatName;
    public int FormatVersion { get; init; } = CurrentVersion;
    public DateTimeOffset ExportedAt { get; init; }
    public string ExportedBy { get; init; } = "";
    public string Organisation { get; init; } = "";
    public required ProgramContent Program { get; init; }

    /// <summary>Every media file the program refers to, with the key it has in the exporting installation.</summary>
    public IReadOnlyList<PackageMedia> Media { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, ContractJson.Indented);

    /// <summary>
    /// Reads a package file (zip, or format 1's bare JSON). The error is a code for the UI ("not-json", "wrong-format",
    /// "wrong-version", "damaged") with a detail.
    /// </summary>
    public static (ProgramPackage? Package, string? Error, string? Detail) Read(Stream input)
    {
        var first = input.ReadByte();
        input.Seek(-1, SeekOrigin.Current);
        if (first != 'P') // a zip starts with "PK"; anything else is read as format 1's bare JSON
        {
            using var reader = new StreamReader(input, leaveOpen: true);
            return Parse(reader.ReadToEnd());
        }
        try
        {
            using var zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry(ManifestEntry) is not { } entry)
            {
                return (null, "wrong-format", null);
            }
            using var reader = new StreamReader(entry.Open());
            return Parse(reader.ReadToEnd());
        }
        catch (InvalidDataException e)
        {
            return (null, "damaged", e.Message);
        }
    }

    public static (ProgramPackage? Package, string? Error, string? Detail) Parse(string json)
    {
        ProgramPackage? package;
        try
        {
            using var document = JsonDocument.Parse(json);
            var version = document.RootElement.TryGetProperty("formatVersion", out var v) && v.TryGetInt32(out var n) ? n : 0;
            if (version > CurrentVersion)
            {
                return (null, "wrong-version", version.ToString(CultureInfo.InvariantCulture));
            }
            package = document.RootElement.Deserialize<ProgramPackage>(ContractJson.Options);
        }
        catch (JsonException e)
        {
            return (null, "not-json", e.Path is { Length: > 0 } path ? $"{path} ({e.LineNumber + 1})" : $"{e.LineNumber + 1}");
        }
        if (package is null || package.Format != FormatName || package.FormatVersion < 1 || package.Program is null)
        {
            return (null, "wrong-format", null);
        }
        return (package, null, null);
    }
}

/// <summary>One media file in a package. The importer checks <see cref="ContentHash"/> against the bytes it reads.</summary>
public sealed record PackageMedia
{
    public required string Key { get; init; }
    public required string Entry { get; init; }
    public required string FileName { get; init; }
    public required string ContentHash { get; init; }
    public long Bytes { get; init; }
    public LocalizedText AltText { get; init; } = new();
    public LocalizedText Transcript { get; init; } = new();

    /// <summary>For a caption file: the key of its video, and its language.</summary>
    public string? CaptionsOf { get; init; }
    public string? Language { get; init; }
}

/// <summary>The package error codes in plain English, for the command line (the UI uses its resources).</summary>
public static class PackageErrors
{
    public static string Describe(string code, string? detail) => code switch
    {
        "not-json" => $"not a valid program package (error at {detail})",
        "wrong-format" => "not a ContentPlatform program package",
        "wrong-version" => $"the package was made by a newer version of ContentPlatform (format {detail}); this installation reads format {ProgramPackage.CurrentVersion} and older. Update this installation first",
        "damaged" => $"the package file is damaged ({detail})",
        "media-refused" => $"a media file was refused: {detail}",
        _ => detail ?? code,
    };
}
