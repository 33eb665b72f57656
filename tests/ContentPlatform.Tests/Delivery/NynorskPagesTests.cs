using ContentPlatform.Tests.CareTeams;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.ManagerUi;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// A person who chose Nynorsk reads Nynorsk on every page they can reach: no Bokmål interface text, no raw language
/// codes. Walks the site as a patient in a guided program and as a visitor, both asking for nn.
/// </summary>
public sealed class NynorskPagesTests
{
    [Fact]
    public async Task Every_page_a_patient_or_visitor_reaches_in_nynorsk_shows_only_nynorsk_interface_text()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        await app.Services.StoreReleaseAsync(SamplePrograms.Course(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        await app.MessageAsync(enrollment, tone.Id, fromPatient: false, DateTimeOffset.UtcNow.AddHours(-1));
        var check = NynorskCheck.ForDelivery();

        var problems = new List<string>();
        var visitor = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        visitor.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");
        foreach (var (who, client) in new[] { ("patient", await app.SignedInClientAsync("anne@example.no", "nn")), ("visitor", visitor) })
        {
            var (visited, walkProblems) = await PageCrawler.CrawlAsync(client, ["/", "/account/login"], checkPage: check.Problems);
            problems.AddRange(walkProblems.Select(p => $"{who}: {p}"));
            Assert.True(visited.Count >= 3, $"{who} reached only {string.Join(", ", visited)}");
            if (who == "patient")
            {
                Assert.Contains(visited, v => v.StartsWith(DeliveryKit.PageUrl(enrollment, 1), StringComparison.Ordinal)); // the module pages, not only the menu
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }
}
