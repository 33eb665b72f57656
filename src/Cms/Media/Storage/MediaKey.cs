namespace ContentPlatform.Cms.Media.Storage;

/// <summary>
/// The one rule for blob keys, shared by every store: lower-case ASCII letters, digits, '-', '_' and '.', in segments
/// separated by '/'. It rules out path traversal in the local store, needs no URL escaping (so the signed path and the sent
/// path cannot differ in Azure), and no segment starts with '.', which leaves dot-folders free for the stores' own use.
/// </summary>
public static class MediaKey
{
    public const int MaxLength = 512;

    public static bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength)
        {
            return false;
        }
        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '.' ||
                !segment.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    public static string EnsureValid(string key) => IsValid(key)
        ? key
        : throw new ArgumentException(
            $"'{key}' is not a valid media key: use lower-case letters, digits, '-', '_' and '.' in '/'-separated segments " +
            $"that do not start with '.', at most {MaxLength} characters.", nameof(key));
}
