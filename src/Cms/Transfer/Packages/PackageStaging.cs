namespace ContentPlatform.Cms.Transfer.Packages;

/// <summary>
/// Holds an uploaded package between "check" and "apply" (a package with video is too big to post twice). Each staged
/// file belongs to the user who uploaded it and is removed after it is applied, or after a day.
/// </summary>
public sealed class PackageStaging(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "contentplatform-packages")).FullName;

    public async Task<string> StageAsync(Stream upload, string owner, CancellationToken ct)
    {
        Sweep();
        var id = Guid.NewGuid().ToString("N");
        await using (var file = File.Create(PathOf(id)))
        {
            await upload.CopyToAsync(file, ct);
        }
        await File.WriteAllTextAsync(PathOf(id) + ".owner", owner, ct);
        return id;
    }

    /// <summary>The staged file, only for its owner and only while it lasts; null otherwise.</summary>
    public string? Find(string? id, string owner)
    {
        if (id is null || !Guid.TryParseExact(id, "N", out _) || !File.Exists(PathOf(id)) ||
            File.ReadAllText(PathOf(id) + ".owner") != owner || clock.GetUtcNow() - File.GetLastWriteTimeUtc(PathOf(id)) > Lifetime)
        {
            return null;
        }
        return PathOf(id);
    }

    public void Remove(string id)
    {
        File.Delete(PathOf(id));
        File.Delete(PathOf(id) + ".owner");
    }

    private string PathOf(string id) => Path.Combine(_folder, id + ".package");

    private void Sweep()
    {
        foreach (var old in Directory.EnumerateFiles(_folder).Where(f => clock.GetUtcNow() - File.GetLastWriteTimeUtc(f) > Lifetime))
        {
            File.Delete(old);
        }
    }
}
