using System.Xml.Linq;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Architecture;

/// <summary>
/// A page both apps show the same way lives once, in the Platform Razor Class Library (src/Platform/Pages), and a string
/// both apps say the same way lives once, in its nb/nn resource (each app's strings fall back to it: SharedStrings);
/// the apps keep only what differs.
/// </summary>
public sealed class SharedPagesTests
{
    [Fact]
    public void No_page_is_byte_identical_in_both_apps()
    {
        var delivery = Pages("Delivery").ToLookup(f => File.ReadAllBytes(f).Length);
        var copies = (from cms in Pages("Cms")
                      let bytes = File.ReadAllBytes(cms)
                      from other in delivery[bytes.Length]
                      where File.ReadAllBytes(other).AsSpan().SequenceEqual(bytes)
                      select $"{Relative(cms)} = {Relative(other)}").ToList();
        Assert.True(copies.Count == 0, "Move these into src/Platform/Pages: " + string.Join("; ", copies));
    }

    [Fact]
    public void Every_shared_string_has_a_Bokmal_and_a_Nynorsk_text()
    {
        var nb = Keys("nb");
        var nn = Keys("nn");
        Assert.Empty(nb.Except(nn));
        Assert.Empty(nn.Except(nb));
    }

    [Fact]
    public void No_string_is_kept_with_the_same_text_in_both_apps()
    {
        var copies = new List<string>();
        foreach (var language in new[] { "nb", "nn" })
        {
            var cms = Strings("Cms", language);
            var delivery = Strings("Delivery", language);
            copies.AddRange(cms.Where(s => delivery.TryGetValue(s.Key, out var text) && text == s.Value).Select(s => $"{s.Key} ({language})"));
        }
        Assert.True(copies.Count == 0, "Move these into src/Platform/Resources: " + string.Join(", ", copies));
    }

    private static Dictionary<string, string> Strings(string project, string language) =>
        XDocument.Load(Path.Combine(RepoPaths.Root, "src", project, "Resources", $"SharedResource.{language}.resx"))
            .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static IEnumerable<string> Pages(string app) =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", app), "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Relative(string path) => Path.GetRelativePath(RepoPaths.Root, path);

    private static HashSet<string> Keys(string language) => Strings("Platform", language).Keys.ToHashSet();
}
