using AngleSharp.Html.Parser;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.CareTeams;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Delivery;

/// <summary>The home page always says what happens next: a new message, the module to continue, or what the patient waits for.</summary>
public sealed class HomeNextStepTests
{
    [Fact]
    public async Task After_the_open_module_is_done_the_home_page_says_the_therapist_opens_the_next_and_points_to_a_new_message()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var client = await app.SignedInClientAsync("anne@example.no", "nn");
        Assert.Contains("Hald fram", await NextStepsAsync(client), StringComparison.Ordinal); // module 1 is open

        await CompleteAsync(app.Services, enrollment, SamplePrograms.Guided(), SamplePrograms.ModuleId(1));
        await app.MessageAsync(enrollment, tone.Id, fromPatient: false, DateTimeOffset.UtcNow);

        var steps = await NextStepsAsync(client);
        Assert.Contains("Ny melding frå behandlaren din", steps, StringComparison.Ordinal);
        Assert.Contains("Behandlaren din opnar «Modul 2: Pust» når hen har sett på svara dine.", steps, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_program_that_opens_by_time_the_home_page_names_the_date_the_next_module_opens_in_norwegian_time()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var program = SamplePrograms.Guided(new UnlockRule(UnlockMode.Time, Days: 7));
        await app.Services.StoreReleaseAsync(program, 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        await CompleteAsync(app.Services, enrollment, program, SamplePrograms.ModuleId(1));

        var steps = await NextStepsAsync(await app.SignedInClientAsync("anne@example.no", "nb"));

        Assert.Matches(@"«Modul 2: Pust» åpner \d{1,2}\. [a-zæøå]+ \d{4}\.", steps);
    }

    private static async Task CompleteAsync(IServiceProvider services, Guid enrollmentId, ProgramContent program, string moduleId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var enrollment = await db.Enrollments.FirstAsync(e => e.Id == enrollmentId);
        await scope.ServiceProvider.GetRequiredService<ProgressRecorder>().CompletedAsync(db, enrollment, program, moduleId, 1, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private static async Task<string> NextStepsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/");
        response.EnsureSuccessStatusCode();
        var card = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelector(".program-card")!;
        return string.Join(" | ", card.QuerySelectorAll("p").Select(p => p.TextContent.Trim()));
    }
}
