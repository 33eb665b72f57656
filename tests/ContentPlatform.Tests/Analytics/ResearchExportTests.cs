using System.Net;
using System.Security.Cryptography;
using System.Text;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Tests.Analytics;

/// <summary>Pseudonymised research exports: stable per project, unlinkable between projects, only approved fields, always logged.</summary>
public sealed class ResearchExportTests
{
    private const string Secret = "test-pseudonym-secret-0123456789abcdefghij";

    private static Dictionary<string, string?> Projects => new()
    {
        ["Analytics:PseudonymSecret"] = Secret,
        ["Analytics:Projects:0:Id"] = "register-a",
        ["Analytics:Projects:0:Name"] = "Kvalitetsregister A",
        ["Analytics:Projects:0:Fields:0"] = "program",
        ["Analytics:Projects:0:Fields:1"] = "completed",
        ["Analytics:Projects:0:Fields:2"] = "score_change",
        ["Analytics:Projects:0:Researchers:0"] = AnalyticsClient.ResearcherEmail,
        ["Analytics:Projects:1:Id"] = "study-b",
        ["Analytics:Projects:1:Name"] = "Studie B",
        ["Analytics:Projects:1:Fields:0"] = "modules_completed",
        ["Analytics:Projects:1:Researchers:0"] = AnalyticsClient.ResearcherEmail,
        ["Analytics:Projects:2:Id"] = "study-c",
        ["Analytics:Projects:2:Name"] = "Studie C",
        ["Analytics:Projects:2:Fields:0"] = "completed",
        ["Analytics:Projects:2:Researchers:0"] = "someone-else@example.no",
    };

    [Fact]
    public void A_pseudonym_is_stable_per_project_differs_between_projects_and_hides_the_patient_id()
    {
        var a1 = Pseudonym.For(Secret, "register-a", "patient-42");
        Assert.Equal(a1, Pseudonym.For(Secret, "register-a", "patient-42"));
        Assert.NotEqual(a1, Pseudonym.For(Secret, "study-b", "patient-42"));
        Assert.NotEqual(a1, Pseudonym.For(Secret, "register-a", "patient-43"));
        Assert.NotEqual(a1, Pseudonym.For(Secret + "x", "register-a", "patient-42"));
        Assert.DoesNotContain("patient-42", a1, StringComparison.Ordinal);
        Assert.Matches("^p-[0-9a-f]{32}$", a1);
    }

    [Fact]
    public async Task An_export_has_only_the_projects_fields_stable_pseudonyms_and_is_in_the_audit_log()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite, Projects);
        await SyntheticCohort.SeedAsync(app.Services);
        var researcher = await app.ResearcherAsync();

        var first = await ExportAsync(researcher, "register-a");
        var second = await ExportAsync(researcher, "register-a");
        var other = await ExportAsync(researcher, "study-b");

        var rows = Rows(first);
        Assert.Equal("pseudonym,program,completed,score_change", first.Split("\r\n")[0]);
        Assert.Equal(120, rows.Count); // every guided patient enrolled in the period
        Assert.Equal(60, rows.Count(r => r[2] == "true"));
        Assert.Equal(90, rows.Count(r => r[3].Length > 0)); // measured twice: 30–119
        Assert.All(rows, r => Assert.Equal(SyntheticCohort.Guided, r[1]));
        Assert.DoesNotContain("patient-a-", first, StringComparison.Ordinal);

        // Stable within a project, unlinkable across projects, and each is the keyed hash of the patient id.
        Assert.Equal(rows.Select(r => r[0]).ToHashSet(), Rows(second).Select(r => r[0]).ToHashSet());
        Assert.Empty(rows.Select(r => r[0]).Intersect(Rows(other).Select(r => r[0])));
        Assert.Contains(Pseudonym.For(Secret, "register-a", "patient-a-7"), rows.Select(r => r[0]));
        Assert.Equal("pseudonym,modules_completed", other.Split("\r\n")[0]);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var log = await db.ResearchExportLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["register-a", "register-a", "study-b"], log.Select(e => e.ProjectId));
        var researcherId = (await db.Users.SingleAsync(u => u.Email == AnalyticsClient.ResearcherEmail)).Id;
        Assert.All(log, e => Assert.Equal(researcherId, e.ExportedBy));
        Assert.Equal(120, log[0].Rows);
        Assert.Equal("program,completed,score_change", log[0].Fields);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(first))), log[0].Sha256);
    }

    [Fact]
    public async Task An_unknown_project_exports_nothing_and_logs_nothing()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite, Projects);
        await SyntheticCohort.SeedAsync(app.Services);
        var researcher = await app.ResearcherAsync();
        var token = await researcher.AntiforgeryTokenAsync("/analytics/export");
        var response = await researcher.PostFormAsync("/analytics/export", ("project", "not-configured"), ("scope", "all"), ("period", "all"),
            ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().ResearchExportLog.CountAsync());
    }

    [Fact]
    public async Task An_analyst_without_the_researcher_role_can_neither_open_nor_post_the_export()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite, Projects);
        await SyntheticCohort.SeedAsync(app.Services);
        var analyst = await app.AnalystAsync();

        var page = await analyst.GetAsync("/analytics/export");
        Assert.True(page.StatusCode is HttpStatusCode.Forbidden
                    || (page.StatusCode == HttpStatusCode.Redirect && page.Headers.Location?.AbsolutePath == "/account/denied"),
            $"GET: {(int)page.StatusCode} {page.Headers.Location}");
        // The indicator page (where the analyst may be) has an antiforgery token to try the POST with.
        var token = await analyst.AntiforgeryTokenAsync("/analytics/baselines");
        var post = await analyst.PostFormAsync("/analytics/export", ("project", "register-a"), ("scope", "all"), ("period", "all"),
            ("__RequestVerificationToken", token));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.DoesNotContain("pseudonym", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("/analytics/export", await analyst.GetStringAsync("/analytics"), StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().ResearchExportLog.CountAsync());
    }

    [Fact]
    public async Task A_researcher_exports_only_the_projects_that_list_them()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite, Projects);
        await SyntheticCohort.SeedAsync(app.Services);
        var researcher = await app.ResearcherAsync();

        var page = await researcher.GetStringAsync("/analytics/export");
        Assert.Contains("Kvalitetsregister A", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Studie C", page, StringComparison.Ordinal);
        var token = await researcher.AntiforgeryTokenAsync("/analytics/export");
        var response = await researcher.PostFormAsync("/analytics/export", ("project", "study-c"), ("scope", "all"), ("period", "all"),
            ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().ResearchExportLog.CountAsync());
    }

    [Theory]
    [InlineData("Analytics:MinCellSize", "1")]
    [InlineData("Analytics:Projects:0:Fields:0", "patient_name")]
    [InlineData("Analytics:PseudonymSecret", "too-short")]
    public void Broken_analytics_settings_stop_the_app_at_start_up_naming_the_setting(string key, string value)
    {
        var settings = Projects;
        settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var e = Assert.Throws<OptionsValidationException>(() => Bind(configuration, "Production"));
        Assert.Contains(key.Split(':')[0] + ":" + key.Split(':')[1], AppRunner.ConfigurationProblem(e), StringComparison.Ordinal);
    }

    [Fact]
    public void Development_gets_a_secret_and_a_demo_project_and_production_may_not_use_that_secret()
    {
        var empty = new ConfigurationBuilder().Build();
        var dev = Bind(empty, "Development");
        Assert.Equal(AnalyticsOptions.DevelopmentSecret, dev.PseudonymSecret);
        Assert.NotEmpty(dev.Projects);
        Assert.Empty(Bind(empty, "Production").Projects); // no projects: no secret needed
        var copied = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Analytics:PseudonymSecret"] = AnalyticsOptions.DevelopmentSecret }).Build();
        Assert.Throws<OptionsValidationException>(() => Bind(copied, "Production"));
    }

    /// <summary>The options as the app binds and checks them at start-up.</summary>
    private static AnalyticsOptions Bind(IConfiguration configuration, string environment)
    {
        var services = new ServiceCollection().AddSingleton(configuration).AddSingleton<IHostEnvironment>(new Env(environment));
        return services.AddAnalyticsOptions().BuildServiceProvider().GetRequiredService<IOptions<AnalyticsOptions>>().Value;
    }

    private static async Task<string> ExportAsync(HttpClient analyst, string project)
    {
        var token = await analyst.AntiforgeryTokenAsync("/analytics/export");
        var response = await analyst.PostFormAsync("/analytics/export", ("project", project), ("scope", $"program:{SyntheticCohort.Guided}"),
            ("period", "custom"), ("from", $"{SyntheticCohort.From:yyyy-MM-dd}"), ("to", $"{SyntheticCohort.To:yyyy-MM-dd}"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static List<string[]> Rows(string csv) =>
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();

    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
