using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Cms;

/// <summary>
/// Four eyes: whoever changed a version (a revision author since the last release, or the submitter) cannot also approve
/// it, unless Publishing:AllowSelfApproval is set; every release names the author(s) and the approver.
/// </summary>
public sealed class FourEyesTests
{
    private const string Api = "/api/v1/manage/programs";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_author_of_a_change_cannot_approve_it_through_the_management_api(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        var ada = await app.SignedInAsync("ada@example.no", StaffRoles.Admin); // editor and reviewer in one person
        await ada.PostAsJsonAsync(Api, SamplePrograms.Draft(), ContractJson.Options);
        Assert.Equal(HttpStatusCode.NoContent, (await ada.PostAsync($"{Api}/test-uro/submit", null)).StatusCode);

        var refused = await ada.PostAsJsonAsync($"{Api}/test-uro/approve?culture=nn", new { comment = "ok" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("self-approval", problem.GetProperty("code").GetString());
        Assert.Equal("Du har sjølv endra denne versjonen, så ein annan fagperson må godkjenne han (fire auge). Endra av: ada@example.no.",
            problem.GetProperty("detail").GetString());
        Assert.Equal("InReview", JsonDocument.Parse(await ada.GetStringAsync($"{Api}/test-uro")).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_reviewer_who_only_submitted_or_edited_once_since_the_last_release_cannot_approve()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        await using var scope = app.Services.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<ProgramWorkflow>();
        var program = SamplePrograms.Draft();
        Assert.Null((await workflow.CreateAsync(program, "eli@example.no")).Error);
        Assert.Null(await workflow.SubmitAsync(program.Id, "Rune@Example.no"));
        Assert.Equal("self-approval", (await workflow.ApproveAsync(program.Id, null, "rune@example.no"))?.Code); // the submitter, in any case
        Assert.Null(await workflow.ApproveAsync(program.Id, null, "kari@example.no"));
        Assert.Null((await workflow.PublishAsync(program.Id, "kari@example.no")).Error);

        // After the release only the new changes count: Kari edited once, Eli submitted.
        Assert.Null((await workflow.SaveAsync(program.Id, program with { Title = SamplePrograms.T("Ny", "Ny") }, null, "kari@example.no")).Error);
        Assert.Null(await workflow.SubmitAsync(program.Id, "eli@example.no"));
        Assert.Equal(["kari@example.no", "eli@example.no"], await workflow.AuthorsAsync(program.Id));
        Assert.Equal("self-approval", (await workflow.ApproveAsync(program.Id, null, "kari@example.no"))?.Code);
        Assert.Null(await workflow.ApproveAsync(program.Id, null, "rune@example.no"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_second_reviewer_approves_and_the_release_names_the_author_and_the_approver(Db db)
    {
        await using var app = await Apps.CmsAsync(db, CmsPublishing.ApiKeySettings);
        var ada = await app.SignedInAsync("ada@example.no", StaffRoles.Admin);
        var rune = await app.SignedInAsync("rune@example.no", StaffRoles.Reviewer);
        await ada.PostAsJsonAsync(Api, SamplePrograms.Draft(), ContractJson.Options);
        await ada.PostAsync($"{Api}/test-uro/submit", null);

        Assert.Contains("ada@example.no", await rune.GetStringAsync("/programs/test-uro/review")); // who changed it, before approving
        Assert.Equal(HttpStatusCode.NoContent, (await rune.PostAsJsonAsync($"{Api}/test-uro/approve", new { comment = "Fagleg godkjent" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.PostAsJsonAsync($"{Api}/test-uro/publish", new { })).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var record = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Releases.AsNoTracking().SingleAsync();
            Assert.Equal(("ada@example.no", "rune@example.no", "ada@example.no"), (record.Authors, record.ApprovedBy, record.PublishedBy));
        }
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("ApiKey", CmsPublishing.Key);
        var release = await api.GetFromJsonAsync<ProgramRelease>("/api/v1/programs/test-uro", ContractJson.Options);
        Assert.Equal("rune@example.no", release!.Approval!.ApprovedBy);
        Assert.Equal(["ada@example.no"], release.Approval.Authors);

        var review = await rune.GetStringAsync("/programs/test-uro/review?culture=nn");
        Assert.Contains("Utgjeving 1: endra av ada@example.no, godkjend av rune@example.no, publisert av ada@example.no.", review);
        var history = await rune.GetStringAsync("/programs/test-uro/history");
        var row = history[history.IndexOf("id=\"release-1\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("<td>ada@example.no</td>", row);
        Assert.Contains("<td>rune@example.no</td>", row);
    }

    [Fact]
    public async Task With_AllowSelfApproval_a_small_team_may_approve_its_own_change_and_the_release_still_names_both()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite, new Dictionary<string, string?> { ["Publishing:AllowSelfApproval"] = "true" });
        var ada = await app.SignedInAsync("ada@example.no", StaffRoles.Admin);
        await ada.PostAsJsonAsync(Api, SamplePrograms.Draft(), ContractJson.Options);
        await ada.PostAsync($"{Api}/test-uro/submit", null);

        Assert.Equal(HttpStatusCode.NoContent, (await ada.PostAsJsonAsync($"{Api}/test-uro/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.PostAsJsonAsync($"{Api}/test-uro/publish", new { })).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var record = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Releases.AsNoTracking().SingleAsync();
        Assert.Equal(("ada@example.no", "ada@example.no"), (record.Authors, record.ApprovedBy));
    }

    [Theory]
    [InlineData("nb", "Du har selv endret denne versjonen, så en annen fagperson må godkjenne den (fire øyne). Endret av: ada@example.no.")]
    [InlineData("nn", "Du har sjølv endra denne versjonen, så ein annan fagperson må godkjenne han (fire auge). Endra av: ada@example.no.")]
    public async Task The_review_page_refuses_self_approval_with_a_message_in_the_users_language(string culture, string message)
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var ada = await app.SignedInAsync("ada@example.no", StaffRoles.Admin);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("calm"), "ada@example.no", submit: true);
        var token = await ada.AntiforgeryTokenAsync("/programs/calm/review");

        var response = await ada.PostFormAsync($"/programs/calm/review?handler=approve&culture={culture}", ("comment", "ok"), ("__RequestVerificationToken", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"role=\"alert\">{message}</div>", html);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(WorkflowState.InReview, (await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Programs.SingleAsync()).State);
    }
}
