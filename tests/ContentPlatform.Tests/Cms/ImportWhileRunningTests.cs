using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ContentPlatform.Cms.Transfer.Files;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Cms;

/// <summary>
/// `cms import --publish` is a separate process writing to the database of a Cms that may be running: the running Cms's
/// content API must serve the new release on its next request, never keep answering from its cache as if nothing happened.
/// </summary>
public sealed class ImportWhileRunningTests
{
    // SQLite only: a second process costs seconds, and the change stamp is plain LINQ that the both-provider content API
    // and four-eyes tests already run on PostgreSQL.
    [Fact]
    public async Task A_command_line_import_with_publish_is_served_by_the_running_Cms_on_the_next_request()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite, CmsPublishing.ApiKeySettings);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", CmsPublishing.Key);
        // The running Cms has answered (and cached) "nothing published" for the catalogue and for the slug.
        var emptyCatalogue = await api.GetAsync("/api/v1/programs");
        Assert.Empty((await emptyCatalogue.Content.ReadFromJsonAsync<List<ProgramSummary>>(ContractJson.Options))!);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/programs/test-uro")).StatusCode);

        var folder = Directory.CreateTempSubdirectory("cp-import-").FullName;
        try
        {
            ContentFolderWriter.Write(folder, SamplePrograms.Draft());
            var (exitCode, output) = await RunCmsAsync(app.Database, "import", folder, "--publish");
            Assert.True(exitCode == 0, output);
            Assert.Contains("published release 1", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var latest = await api.GetAsync("/api/v1/programs/test-uro");
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        var release = (await latest.Content.ReadFromJsonAsync<ProgramRelease>(ContractJson.Options))!;
        Assert.Equal(1, release.Number);
        // The command line's sign-off names the import, not a person (the files were reviewed in version control).
        Assert.Equal(ProgramWorkflow.ImportActor, release.Approval!.ApprovedBy);
        // A client revalidating its old catalogue ETag gets the new catalogue, not a 304.
        var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/v1/programs");
        revalidate.Headers.IfNoneMatch.Add(emptyCatalogue.Headers.ETag!);
        var catalogue = await api.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.OK, catalogue.StatusCode);
        Assert.Equal("test-uro", Assert.Single((await catalogue.Content.ReadFromJsonAsync<List<ProgramSummary>>(ContractJson.Options))!).Slug);
    }

    /// <summary>The real Cms executable running a command against the test's database, as an operator would.</summary>
    private static async Task<(int ExitCode, string Output)> RunCmsAsync(TestDatabase database, params string[] command)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(RepoPaths.AppDll("Cms"));
        foreach (var part in command)
        {
            start.ArgumentList.Add(part);
        }
        foreach (var (key, value) in database.Settings())
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
