using ContentPlatform.Cms.Identity;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Analytics;
using ContentPlatform.Tests.CareTeams;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.ManagerUi;

/// <summary>
/// Every page each kind of user can reach by following links, in both apps: no link ends in an error or a redirect loop,
/// and every form that posts carries its own antiforgery token (the header's "Logg ut" once did not, and people stayed
/// signed in). Each walk must reach at least as many pages as it did when the floor was set (2026-12-05), so a
/// menu that loses its links, or a walk that stops at a sign-in page, fails instead of passing on an empty site.
/// </summary>
public sealed partial class ManagerUiTests
{
    [Theory]
    [InlineData(StaffRoles.Admin, "nb", 19)]
    [InlineData(StaffRoles.Editor, "nn", 17)]
    [InlineData(StaffRoles.Reviewer, "nb", 15)]
    public async Task Every_page_a_content_team_member_can_reach_in_the_cms_opens_and_its_forms_carry_their_token(string role, string language,
        int floor)
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await StaffClients.SignedInAsync(app, "ada@example.no", role);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("calm"), "ada@example.no", submit: role == StaffRoles.Reviewer);

        var (visited, problems) = await PageCrawler.CrawlAsync(client, ["/"]);

        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nvisited:\n" + string.Join("\n", visited));
        Assert.Contains("/programs/calm/pages/calm-p1", visited); // the walk reached the editor, not only the dashboard
        Assert.True(visited.Count >= floor, $"{role} reached {visited.Count} pages, fewer than {floor}:\n{string.Join("\n", visited)}");
    }

    [Fact]
    public async Task Every_page_a_visitor_who_is_not_signed_in_can_reach_in_the_cms_opens()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var (visited, problems) = await PageCrawler.CrawlAsync(
            app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), ["/"]);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains("/", visited); // one page: "/" sends a visitor to the sign-in page, which has no links to walk
    }

    [Fact]
    public async Task Every_page_anyone_in_delivery_can_reach_opens_and_its_forms_carry_their_token()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        await app.Services.StoreReleaseAsync(SamplePrograms.Course(), 1);
        await app.Services.CreateUserAsync("klinikk@example.no", "Kari Klinikk", DeliveryRoles.ClinicAdmin);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var (anneId, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        await app.MessageAsync(enrollment, anneId, fromPatient: true, DateTimeOffset.UtcNow.AddHours(-1));
        await app.ScoreAsync(enrollment, 5, "yellow", DateTimeOffset.UtcNow.AddHours(-2));

        var shortfalls = new List<string>();
        foreach (var (who, client, mustReach, floor) in new[]
                 {
                     ("patient", await app.SignedInClientAsync("anne@example.no", "nn"), DeliveryKit.PageUrl(enrollment, 1), 12),
                     ("therapist", await app.SignedInClientAsync("tone@example.no"), $"/staff/patients/{enrollment}", 9),
                     ("analyst", await app.AnalystAsync(), "/analytics", 7),
                     ("researcher", await app.ResearcherAsync(), "/analytics/export", 8),
                     ("clinic admin", await app.SignedInClientAsync("klinikk@example.no"), "/staff", 7),
                     ("visitor", app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }),
                         "/courses/", 5),
                 })
        {
            var (visited, problems) = await PageCrawler.CrawlAsync(client, ["/"]);
            Assert.True(problems.Count == 0, $"{who}:\n" + string.Join("\n", problems));
            Assert.True(visited.Any(v => v.StartsWith(mustReach, StringComparison.Ordinal)), $"{who}: {mustReach} not reached; visited:\n{string.Join("\n", visited)}");
            if (visited.Count < floor)
            {
                shortfalls.Add($"{who} reached {visited.Count} pages, fewer than {floor}:\n  {string.Join("\n  ", visited)}");
            }
        }
        Assert.True(shortfalls.Count == 0, string.Join("\n", shortfalls));
    }
}
