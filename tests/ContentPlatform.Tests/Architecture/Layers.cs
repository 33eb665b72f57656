using System.Reflection;
using NetArchTest.Rules;

namespace ContentPlatform.Tests.Architecture;

/// <summary>The four assemblies and the folders (namespaces) the architecture rules speak of.</summary>
internal static class Layers
{
    public static readonly Assembly Cms = typeof(global::ContentPlatform.Cms.SharedResource).Assembly;
    public static readonly Assembly Delivery = typeof(global::ContentPlatform.Delivery.SharedResource).Assembly;
    public static readonly Assembly Contract = typeof(global::ContentPlatform.Contract.Releases.ProgramContent).Assembly;
    public static readonly Assembly Platform = typeof(global::ContentPlatform.Platform.Hosting.PlatformDefaults).Assembly;

    public static Assembly ByName(string name) => name switch
    {
        "Cms" => Cms,
        "Delivery" => Delivery,
        "Contract" => Contract,
        "Platform" => Platform,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>Delivery's feature folders: what Realtime, a leaf, must not reach (Data and Identity are infrastructure).</summary>
    public static readonly string[] DeliveryFeatures =
        ["Analytics", "Answers", "CareTeams", "Content", "Enrollment", "Messaging", "MyData", "Pages", "Progress", "Reading", "Themes"];

    /// <summary>Types of <paramref name="assembly"/> in folder <paramref name="from"/> that use folder <paramref name="to"/>.</summary>
    public static IReadOnlyList<string> Uses(Assembly assembly, string from, string to)
    {
        // One read of each assembly for all rules (Mono.Cecil underneath); the lock because test classes run in parallel.
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(assembly, out var types))
            {
                Loaded[assembly] = types = Types.InAssembly(assembly);
            }
            return types.That().ResideInNamespace(from).And().HaveDependencyOn(to)
                .GetTypes().Select(t => t.FullName ?? t.Name).ToList();
        }
    }

    private static readonly Dictionary<Assembly, Types> Loaded = [];
}
