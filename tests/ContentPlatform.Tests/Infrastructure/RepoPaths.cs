namespace ContentPlatform.Tests.Infrastructure;

/// <summary>Finds the repository and the apps' build output (same configuration as the tests) for process-level tests.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";

    public static string AppDll(string app) =>
        Path.Combine(Root, "src", app, "bin", Configuration, "net10.0", $"ContentPlatform.{app}.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ContentPlatform.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ContentPlatform.sln not found above " + AppContext.BaseDirectory);
    }
}
