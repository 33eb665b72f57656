namespace ContentPlatform.Cms.Media;

/// <summary>
/// The media library's UI strings: Resources/Media/MediaText.{nb,nn}.resx, written by scripts/media-strings.py. Kept apart
/// from SharedResource so the library's texts travel with the feature.
/// </summary>
public sealed class MediaText;
