namespace ContentPlatform.Cms.Media.Sniffing;

public enum MediaKind
{
    Image,
    Audio,
    Video,
    Document,
    Captions,
}

/// <summary>An accepted file format: what it is, which size limit applies, and how it is served.</summary>
public sealed record MediaFormat(string Name, MediaKind Kind, string ContentType, string Extension)
{
    public static readonly MediaFormat Jpeg = new("jpeg", MediaKind.Image, "image/jpeg", ".jpg");
    public static readonly MediaFormat Png = new("png", MediaKind.Image, "image/png", ".png");
    public static readonly MediaFormat WebP = new("webp", MediaKind.Image, "image/webp", ".webp");
    public static readonly MediaFormat Gif = new("gif", MediaKind.Image, "image/gif", ".gif");
    public static readonly MediaFormat Mp4 = new("mp4", MediaKind.Video, "video/mp4", ".mp4");
    public static readonly MediaFormat Mov = new("mov", MediaKind.Video, "video/quicktime", ".mov");
    public static readonly MediaFormat WebM = new("webm", MediaKind.Video, "video/webm", ".webm");
    public static readonly MediaFormat Mp3 = new("mp3", MediaKind.Audio, "audio/mpeg", ".mp3");
    public static readonly MediaFormat M4a = new("m4a", MediaKind.Audio, "audio/mp4", ".m4a");
    public static readonly MediaFormat Wav = new("wav", MediaKind.Audio, "audio/wav", ".wav");
    public static readonly MediaFormat Pdf = new("pdf", MediaKind.Document, "application/pdf", ".pdf");
    public static readonly MediaFormat Vtt = new("vtt", MediaKind.Captions, "text/vtt", ".vtt");
}

/// <summary>Machine-readable reasons a file is refused; the API passes them on so clients can react without parsing text.</summary>
public static class SniffRefusal
{
    public const string Empty = "empty";
    public const string TooLarge = "too-large";
    public const string Svg = "svg";
    public const string Html = "html";
    public const string Xml = "xml";
    public const string Script = "script";
    public const string Executable = "executable";
    public const string Archive = "archive";
    public const string Unknown = "unknown";
}

/// <summary>Either an accepted <see cref="Format"/>, or a refusal with a code and an English reason a person can act on.</summary>
public sealed record SniffResult(MediaFormat? Format, string? RefusalCode, string? Reason)
{
    public bool IsAllowed => Format is not null && RefusalCode is null;

    public static SniffResult Allowed(MediaFormat format) => new(format, null, null);

    public static SniffResult Refused(string code, string reason) => new(null, code, reason);
}
