using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Media.Sniffing;

/// <summary>
/// Decides what an upload is from its first bytes, never from its name or the browser's claimed type: both are chosen
/// by the uploader. Only an allow-list of passive formats passes; anything a browser could run (HTML, SVG with script,
/// XML) or a computer could execute is refused, as is everything we do not recognise. Serve accepted files with the
/// content type from <see cref="MediaFormat"/> and "X-Content-Type-Options: nosniff" so browsers do not second-guess it.
/// </summary>
public sealed class MediaSniffer(IOptions<MediaOptions> options)
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at; more is ignored, less works for small files.</summary>
    public const int HeadLength = 4096;

    private static readonly string[] Mp4Brands =
        ["isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "dash", "mmp4"];

    private static readonly string[] HtmlMarkers =
        ["<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<object", "<embed", "<meta", "<a ", "<img", "<div"];

    private readonly MediaSizeLimits _limits = options.Value.Limits;

    public long LimitFor(MediaKind kind) => kind switch
    {
        MediaKind.Image => _limits.ImageBytes,
        MediaKind.Audio => _limits.AudioBytes,
        MediaKind.Video => _limits.VideoBytes,
        MediaKind.Document => _limits.DocumentBytes,
        MediaKind.Captions => _limits.CaptionsBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Sniffs a seekable stream (a buffered upload or a file) from its start and puts the position back.</summary>
    public async Task<SniffResult> SniffAsync(Stream content, CancellationToken cancellationToken = default)
    {
        if (!content.CanSeek)
        {
            throw new ArgumentException("Needs a seekable stream; for a request body read the first HeadLength bytes and call Sniff.",
                nameof(content));
        }
        var start = content.Position;
        var head = new byte[HeadLength];
        var read = 0;
        int n;
        while (read < head.Length && (n = await content.ReadAsync(head.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }
        content.Position = start;
        return Sniff(head.AsSpan(0, read), content.Length - start);
    }

    /// <param name="head">The first bytes of the file (up to <see cref="HeadLength"/>).</param>
    /// <param name="totalLength">The whole file's size, checked against the limit for its kind.</param>
    public SniffResult Sniff(ReadOnlySpan<byte> head, long totalLength)
    {
        if (head.IsEmpty || totalLength == 0)
        {
            return SniffResult.Refused(SniffRefusal.Empty, "The file is empty.");
        }
        var result = Detect(head);
        if (result.Format is { } format && totalLength > LimitFor(format.Kind))
        {
            return SniffResult.Refused(SniffRefusal.TooLarge,
                $"The file is {Megabytes(totalLength)}; {format.Kind.ToString().ToLowerInvariant()} files " +
                $"may be at most {Megabytes(LimitFor(format.Kind))}.");
        }
        return result;
    }

    private static SniffResult Detect(ReadOnlySpan<byte> b)
    {
        // Refusals that must win over any later, looser match.
        if (b.StartsWith("\x7F"u8 + "ELF"u8) || b.StartsWith("MZ"u8) || IsMachO(b))
        {
            return SniffResult.Refused(SniffRefusal.Executable, "The file is an executable program, which is never accepted.");
        }
        if (b.StartsWith("#!"u8))
        {
            return SniffResult.Refused(SniffRefusal.Script, "The file is a script, which is never accepted.");
        }
        if (b.StartsWith("PK\x03\x04"u8) || b.StartsWith("PK\x05\x06"u8) || b.StartsWith("PK\x07\x08"u8) ||
            Starts(b, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1) || Starts(b, 0x1F, 0x8B) ||
            b.StartsWith("Rar!"u8) || Starts(b, (byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C))
        {
            return SniffResult.Refused(SniffRefusal.Archive,
                "The file is an archive or an Office document (zip, docx, xlsx, pptx …). Upload a PDF instead.");
        }

        if (Starts(b, 0xFF, 0xD8, 0xFF))
        {
            return SniffResult.Allowed(MediaFormat.Jpeg);
        }
        if (Starts(b, 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A))
        {
            return SniffResult.Allowed(MediaFormat.Png);
        }
        if (b.StartsWith("GIF87a"u8) || b.StartsWith("GIF89a"u8))
        {
            return SniffResult.Allowed(MediaFormat.Gif);
        }
        if (b.Length >= 12 && b.StartsWith("RIFF"u8))
        {
            var form = b.Slice(8, 4);
            return form.SequenceEqual("WEBP"u8) ? SniffResult.Allowed(MediaFormat.WebP)
                : form.SequenceEqual("WAVE"u8) ? SniffResult.Allowed(MediaFormat.Wav)
                : Unknown($"a RIFF file of type '{Ascii(form)}' (only WAV audio and WebP images are accepted)");
        }
        if (b.Length >= 12 && b.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return IsoMedia(Ascii(b.Slice(8, 4)));
        }
        if (Starts(b, 0x1A, 0x45, 0xDF, 0xA3))
        {
            // The EBML header's DocType says which Matroska flavour this is; it sits within the first few dozen bytes.
            var header = b[..Math.Min(b.Length, 64)];
            return header.IndexOf("webm"u8) >= 0
                ? SniffResult.Allowed(MediaFormat.WebM)
                : Unknown("a Matroska (.mkv) file; convert it to MP4 or WebM");
        }
        if (b.StartsWith("%PDF-"u8))
        {
            return SniffResult.Allowed(MediaFormat.Pdf);
        }
        if (b.StartsWith("ID3"u8) || IsMp3Frame(b))
        {
            return SniffResult.Allowed(MediaFormat.Mp3);
        }
        return DetectText(b);
    }

    private static SniffResult IsoMedia(string brand)
    {
        if (brand == "qt  ")
        {
            return SniffResult.Allowed(MediaFormat.Mov);
        }
        if (brand is "M4A " or "M4B ")
        {
            return SniffResult.Allowed(MediaFormat.M4a);
        }
        return Mp4Brands.Contains(brand)
            ? SniffResult.Allowed(MediaFormat.Mp4)
            : Unknown($"an ISO media file of brand '{brand.Trim()}' (such as HEIC or 3GP), which is not an accepted format");
    }

    private static SniffResult DetectText(ReadOnlySpan<byte> b)
    {
        string text;
        if (Starts(b, 0xFF, 0xFE))
        {
            text = Encoding.Unicode.GetString(b[2..]);
        }
        else if (Starts(b, 0xFE, 0xFF))
        {
            text = Encoding.BigEndianUnicode.GetString(b[2..]);
        }
        else
        {
            text = Encoding.UTF8.GetString(Starts(b, 0xEF, 0xBB, 0xBF) ? b[3..] : b);
        }

        // WebVTT: the header is the exact first line (after the optional byte-order mark), see the WebVTT spec §4.1.
        if (text.StartsWith("WEBVTT", StringComparison.Ordinal) &&
            (text.Length == 6 || text[6] is ' ' or '\t' or '\n' or '\r'))
        {
            return SniffResult.Allowed(MediaFormat.Vtt);
        }

        var t = text.TrimStart().ToLowerInvariant();
        if (t.Contains("<svg", StringComparison.Ordinal))
        {
            return SniffResult.Refused(SniffRefusal.Svg,
                "The file is an SVG image. SVG can carry scripts, so it is not accepted; upload PNG or WebP instead.");
        }
        if (HtmlMarkers.Any(m => t.Contains(m, StringComparison.Ordinal)))
        {
            return SniffResult.Refused(SniffRefusal.Html, "The file is an HTML page, which is never accepted as media.");
        }
        if (t.StartsWith('<'))
        {
            return SniffResult.Refused(SniffRefusal.Xml, "The file is XML or other markup, which is not accepted as media.");
        }
        return Unknown("not one of the accepted formats");
    }

    private static bool Starts(ReadOnlySpan<byte> b, params ReadOnlySpan<byte> magic) => b.StartsWith(magic);

    private static bool IsMachO(ReadOnlySpan<byte> b) =>
        Starts(b, 0xFE, 0xED, 0xFA, 0xCE) || Starts(b, 0xFE, 0xED, 0xFA, 0xCF) ||
        Starts(b, 0xCE, 0xFA, 0xED, 0xFE) || Starts(b, 0xCF, 0xFA, 0xED, 0xFE) ||
        Starts(b, 0xCA, 0xFE, 0xBA, 0xBE);

    /// <summary>
    /// An MP3 without an ID3 tag starts straight with an MPEG audio Layer III frame. Two bytes of sync are weak evidence,
    /// so the header fields must be valid and, when the head is long enough, a second frame must follow the first.
    /// </summary>
    private static bool IsMp3Frame(ReadOnlySpan<byte> b)
    {
        if (FrameLength(b) is not { } length)
        {
            return false;
        }
        return b.Length < length + 4 || FrameLength(b[length..]) is not null;
    }

    private static int? FrameLength(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4 || b[0] != 0xFF || (b[1] & 0xE0) != 0xE0)
        {
            return null;
        }
        var version = (b[1] >> 3) & 3; // 0 = MPEG 2.5, 1 = reserved, 2 = MPEG 2, 3 = MPEG 1
        var layer = (b[1] >> 1) & 3;    // 1 = Layer III
        var bitrateIndex = b[2] >> 4;
        var rateIndex = (b[2] >> 2) & 3;
        if (version == 1 || layer != 1 || bitrateIndex is 0 or 15 || rateIndex == 3)
        {
            return null;
        }
        int[] mpeg1Rates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
        int[] mpeg2Rates = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
        int[] sampleRates = [44100, 48000, 32000];
        var bitrate = (version == 3 ? mpeg1Rates : mpeg2Rates)[bitrateIndex] * 1000;
        var sampleRate = sampleRates[rateIndex] / (version == 3 ? 1 : version == 2 ? 2 : 4);
        var padding = (b[2] >> 1) & 1;
        return ((version == 3 ? 144 : 72) * bitrate / sampleRate) + padding;
    }

    private static SniffResult Unknown(string what) =>
        SniffResult.Refused(SniffRefusal.Unknown,
            $"The file is {what}. Accepted: JPEG, PNG, WebP, GIF, MP4, MOV, WebM, MP3, M4A, WAV, PDF and WebVTT captions.");

    private static string Ascii(ReadOnlySpan<byte> b) =>
        new(b.ToArray().Select(c => c is >= 0x20 and < 0x7F ? (char)c : '?').ToArray());

    private static string Megabytes(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString(bytes < 10 * 1024 * 1024 ? "0.##" : "0", CultureInfo.InvariantCulture) + " MB";
}
