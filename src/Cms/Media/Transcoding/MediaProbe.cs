namespace ContentPlatform.Cms.Media.Transcoding;

/// <summary>What ffprobe found in a media file; video fields are null for audio-only files.</summary>
public sealed record MediaProbe(
    TimeSpan Duration,
    int? Width,
    int? Height,
    string? VideoCodec,
    double? FrameRate,
    string? AudioCodec,
    int? AudioChannels)
{
    public bool HasVideo => VideoCodec is not null;
    public bool HasAudio => AudioCodec is not null;
}

public enum RenditionKind
{
    Video,
    Audio,
}

/// <summary>A finished output file; <see cref="Height"/> is set for video renditions.</summary>
public sealed record Rendition(string Path, RenditionKind Kind, int? Height);
