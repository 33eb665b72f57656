using AngleSharp.Html.Parser;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.CareTeams;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// Only someone with a care team is offered messages and told to write to their therapist: a course taker has nobody to
/// write to, and staff get a footer about their own duty (their views are logged and shown to the patient).
/// </summary>
public sealed class FooterAndMessagesLinkTests
{
    [Fact]
    public async Task A_course_taker_sees_no_messages_link_and_no_write_to_your_therapist_footer_while_a_guided_patient_and_staff_see_their_own()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        await app.Services.StoreReleaseAsync(SamplePrograms.Course(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var ola = await app.Services.CreateUserAsync("ola@example.no", "Ola", DeliveryRoles.Patient);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (error, _) = await scope.ServiceProvider.GetRequiredService<EnrollmentService>()
                .SelfEnrollAsync(SamplePrograms.CourseId, ola.Id, CancellationToken.None);
            Assert.Equal(EnrollError.None, error);
        }

        var course = await HomeAsync(await app.SignedInClientAsync("ola@example.no", "nn"));
        var guided = await HomeAsync(await app.SignedInClientAsync("anne@example.no", "nn"));
        var staff = await HomeAsync(await app.SignedInClientAsync("tone@example.no", "nn"), "/staff");

        Assert.Null(course.Messages);
        Assert.Equal("Hastar det, ring legevakt på 116 117, eller 113 ved fare for liv.", course.Footer);
        Assert.Equal("/my/messages", guided.Messages);
        Assert.Contains("Skriv til behandlaren din", guided.Footer, StringComparison.Ordinal);
        Assert.Equal("/staff/messages", staff.Messages);
        Assert.Equal("Alt du ser av pasientdata blir logga, og pasienten kan sjå kven som har sett kva.", staff.Footer);
    }

    [Fact]
    public async Task An_analysts_home_is_the_indicators_and_her_footer_speaks_of_aggregates_not_of_an_emergency_line()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        await app.Services.CreateUserAsync("ada@example.no", "Ada Analytiker", DeliveryRoles.Analyst, DeliveryRoles.Researcher);
        var client = await app.SignedInClientAsync("ada@example.no", "nn");

        var home = await client.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, home.StatusCode); // not "Programma mine … når behandlaren din har invitert deg"
        Assert.Equal("/analytics", home.Headers.Location?.OriginalString);
        var (messages, footer) = await HomeAsync(client, "/analytics");
        Assert.Null(messages);
        Assert.Equal("Her ser du berre samletal og pseudonymiserte uttrekk, aldri kven pasientane er.", footer);
    }

    private static async Task<(string? Messages, string Footer)> HomeAsync(HttpClient client, string path = "/")
    {
        var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return (page.QuerySelector("a.nav-messages")?.GetAttribute("href"), page.QuerySelector(".site-footer p")!.TextContent.Trim());
    }
}
