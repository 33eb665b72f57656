using ContentPlatform.Cms.Identity;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Feedback;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// "Var denne sida nyttig?" from the patient's page to the content team: two patients answer (nb on a desktop, nn on a
/// phone), Delivery sends the k-suppressed counts to the Cms, and the editor sees them beside the page.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class FeedbackJourneyTests(PlatformFixture platform)
{
    private const string ProgramId = "feedback-journey";

    [Fact]
    public async Task Patients_answer_page_feedback_and_the_editor_sees_the_counts_beside_the_page_in_the_cms()
    {
        var content = SamplePrograms.Guided(id: ProgramId) with { Questionnaires = [SamplePrograms.SafeWeekly(ProgramId)] };
        Assert.Equal(1, await platform.Cms.Services.PublishAsync(content));
        await platform.DeliverReleaseAsync(content.Slug, 1);

        await AnswerAsync("nb", Journey.Desktop, "Kari", "Ja", "Fin forklaring, takk.", "Takk for tilbakemeldingen!");
        await AnswerAsync("nn", Journey.Phone, "Sigrid", "Ja", "", "Takk for tilbakemeldinga!");

        // Three more patients said yes on this page (k is 5 in the journeys): enough for the count to be shown.
        await using (var scope = platform.Delivery.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            db.PageFeedback.AddRange(Enumerable.Range(0, 3).Select(_ => new PageFeedback
            {
                EnrollmentId = Guid.NewGuid(), ProgramId = ProgramId, Release = 1, ModuleId = SamplePrograms.ModuleId(1, ProgramId),
                PageId = SamplePrograms.PageA(1, ProgramId), Useful = true, At = DateTimeOffset.UtcNow,
            }));
            await db.SaveChangesAsync();
        }
        Assert.True(await platform.Delivery.Services.GetRequiredService<FeedbackPush>().PushAsync(CancellationToken.None));

        var key = await platform.CreateStaffAsync("eli.feedback@example.no", "Eli Redaktør", StaffRoles.Editor);
        await using var journey = await Journey.StartAsync(platform.Browser, "feedback-editor", "nb", Journey.Desktop);
        await journey.RunAsync(async j =>
        {
            await CmsSteps.SignInAsync(j, platform.CmsUrl, "eli.feedback@example.no", key);
            await j.GotoAsync(new Uri(platform.CmsUrl, $"/programs/{ProgramId}/pages/{SamplePrograms.PageA(1, ProgramId)}"));
            var line = j.Page.Locator("#page-feedback-line");
            await Expect(line).ToHaveTextAsync("Tilbakemeldinger: 5 ja · 0 nei (utgivelse 1)");
            await j.CheckAccessibilityAsync();
            await line.GetByRole(AriaRole.Link).ClickAsync();
            await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tilbakemeldinger");
            await Expect(j.Page.Locator("table").First).ToContainTextAsync("5");
            await j.CheckAccessibilityAsync();
        });
    }

    private async Task AnswerAsync(string culture, ViewportSize viewport, string name, string answer, string comment, string thanks)
    {
        var nn = culture == "nn";
        var code = await platform.Delivery.Services.InviteAsync(ProgramId);
        await using var journey = await Journey.StartAsync(platform.Browser, $"feedback-patient-{culture}", culture, viewport);
        await journey.RunAsync(async j =>
        {
            var page = j.Page;
            await DeliverySteps.AcceptInvitationAsync(j, platform.DeliveryUrl, code, name, $"{name.ToLowerInvariant()}.feedback@example.no", nn);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Roleg pust" : "Rolig pust");
            await j.CheckAccessibilityAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Modul 1: Pust" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nn ? "Pust roleg 1" : "Pust rolig 1");

            var form = page.Locator("#page-feedback");
            await Expect(form.GetByRole(AriaRole.Group)).ToContainTextAsync(nn ? "Var denne sida nyttig?" : "Var denne siden nyttig?");
            // Before anything is said, the live region is there for screen readers but takes no room (it was an empty
            // green bar).
            Assert.Equal(0, await form.Locator("[role=status]").EvaluateAsync<double>("el => el.getBoundingClientRect().height"));
            var choice = form.GetByLabel(answer, new() { Exact = true });
            // The radio sits on its word's line and is big enough to hit on a phone (it was a 13 px dot above the word).
            var box = await choice.EvaluateAsync<double[]>(@"r => {
                const words = [...r.labels[0].childNodes].filter(n => n.nodeType === Node.TEXT_NODE && n.data.trim());
                const range = document.createRange();
                range.setStart(words[0], 0);
                range.setEnd(words.at(-1), words.at(-1).length);
                const a = r.getBoundingClientRect(), b = range.getBoundingClientRect();
                return [a.height, (a.top + a.height / 2) - (b.top + b.height / 2)]; }");
            Assert.True(box[0] >= 20, $"the radio is {box[0]} px high");
            Assert.InRange(box[1], -4, 4);
            await choice.CheckAsync();
            if (comment.Length > 0)
            {
                await form.GetByLabel(nn ? "Kommentar (valfritt)" : "Kommentar (valgfritt)").FillAsync(comment);
            }
            var url = page.Url;
            var send = form.GetByRole(AriaRole.Button, new() { Name = "Send tilbakemelding" });
            await send.ClickAsync();
            // No reload: the thanks arrives in the live region and focus stays on the button that was pressed.
            await Expect(form.Locator("[role=status]")).ToHaveTextAsync(thanks);
            await Expect(send).ToBeFocusedAsync();
            Assert.Equal(url, page.Url);
            await Expect(form.GetByRole(AriaRole.Button, new() { Name = nn ? "Fjern tilbakemeldinga mi" : "Fjern tilbakemeldingen min" })).ToBeVisibleAsync();
            await j.CheckAccessibilityAsync();
        });
    }
}
