using System.Xml.Linq;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Architecture;

/// <summary>
/// Which project may use which: each app uses the two libraries, never the other app; the libraries use no app; the
/// contract library has no ASP.NET. Checked twice: in the project files (what is declared) and in the compiled
/// assemblies (what is used).
/// </summary>
public sealed class ProjectReferenceTests
{
    private static readonly string[] Apps = ["Cms", "Delivery"];

    [Theory]
    [InlineData("Cms", "Delivery")]
    [InlineData("Delivery", "Cms")]
    public void An_app_does_not_reference_the_other_app(string app, string other)
    {
        Assert.DoesNotContain(other, DeclaredReferences(app));
        Assert.DoesNotContain($"ContentPlatform.{other}", CompiledReferences(app));
    }

    [Theory]
    [InlineData("Contract")]
    [InlineData("Platform")]
    public void A_shared_library_references_no_app(string library)
    {
        foreach (var app in Apps)
        {
            Assert.DoesNotContain(app, DeclaredReferences(library));
            Assert.DoesNotContain($"ContentPlatform.{app}", CompiledReferences(library));
        }
    }

    [Fact]
    public void The_contract_library_does_not_reference_the_platform_library() =>
        Assert.DoesNotContain("Platform", DeclaredReferences("Contract"));

    [Fact]
    public void The_contract_library_uses_no_ASP_NET_Core()
    {
        var project = XDocument.Load(ProjectFile("Contract"));
        Assert.Equal("Microsoft.NET.Sdk", project.Root!.Attribute("Sdk")?.Value);
        Assert.DoesNotContain(project.Descendants("FrameworkReference"), f => f.Attribute("Include")?.Value == "Microsoft.AspNetCore.App");
        Assert.DoesNotContain(CompiledReferences("Contract"), r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        var users = NetArchTest.Rules.Types.InAssembly(Layers.Contract).Should().NotHaveDependencyOn("Microsoft.AspNetCore").GetResult();
        Assert.True(users.IsSuccessful, "Types in Contract that use ASP.NET Core: " + string.Join(", ", users.FailingTypeNames ?? []));
    }

    [Theory]
    [InlineData("Cms")]
    [InlineData("Delivery")]
    [InlineData("Contract")]
    [InlineData("Platform")]
    public void Nothing_in_src_references_the_demo_provider(string project)
    {
        Assert.DoesNotContain("DemoIdp", DeclaredReferences(project));
        Assert.DoesNotContain("ContentPlatform.DemoIdp", CompiledReferences(project));
    }

    [Fact]
    public void The_demo_provider_references_no_project_of_the_platform() =>
        Assert.Empty(XDocument.Load(Path.Combine(RepoPaths.Root, "tools", "DemoIdp", "ContentPlatform.DemoIdp.csproj")).Descendants("ProjectReference"));

    private static string ProjectFile(string project) =>
        Path.Combine(RepoPaths.Root, "src", project, $"ContentPlatform.{project}.csproj");

    /// <summary>The folder names under src/ of the projects this project file references.</summary>
    private static List<string> DeclaredReferences(string project) =>
        XDocument.Load(ProjectFile(project)).Descendants("ProjectReference")
            .Select(r => r.Attribute("Include")!.Value.Replace('\\', '/').Split('/')[^2])
            .ToList();

    private static List<string> CompiledReferences(string project) =>
        Layers.ByName(project).GetReferencedAssemblies().Select(a => a.Name!).ToList();
}
