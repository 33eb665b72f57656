using System.Security.Cryptography;
using System.Text;
using ContentPlatform.Cms.Media.Storage;

namespace ContentPlatform.Cms.Media.Library;

/// <summary>Asset keys and blob keys: both URL-safe, both derived from what a person would recognise.</summary>
public static class MediaNames
{
    /// <summary>"Pust rolig (v2).MP4" → "pust-rolig-v2-3f9a1c": readable in content files, unique by its random tail.</summary>
    public static string NewAssetKey(string fileName)
    {
        var stem = Slug(Path.GetFileNameWithoutExtension(fileName), 60);
        return $"{(stem.Length == 0 ? "media" : stem)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }

    /// <summary>The store key for content with SHA-256 <paramref name="hash"/>: "{hash}/{safe-name}{extension}".</summary>
    public static string BlobKey(string hash, string fileName, string extension)
    {
        var stem = Slug(Path.GetFileNameWithoutExtension(fileName), 80);
        return MediaKey.EnsureValid($"{hash}/{(stem.Length == 0 ? "file" : stem)}{extension}");
    }

    /// <summary>The public path of a blob: "/media/{hash}/{name}" (blob keys are exactly these two segments).</summary>
    public static string PathOf(string blobKey) => "/media/" + blobKey;

    public static string Slug(string text, int maxLength)
    {
        var sb = new StringBuilder();
        foreach (var ch in text.ToLowerInvariant())
        {
            var mapped = ch switch
            {
                'æ' => "ae",
                'ø' => "o",
                'å' => "a",
                'é' or 'è' or 'ê' => "e",
                'ä' => "a",
                'ö' => "o",
                'ü' => "u",
                _ when ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') => ch.ToString(),
                _ => "-",
            };
            sb.Append(mapped);
        }
        var slug = string.Join('-', sb.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length <= maxLength ? slug : slug[..maxLength].TrimEnd('-');
    }
}
