using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// Tailoring: the therapist adds an optional module to one patient's plan and hides it again; the patient's module list
/// and progress follow each time, and the change is in the patient view's history.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class TailoringJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb", "desktop")]
    [InlineData("nn", "phone")]
    public async Task The_therapist_adds_then_hides_an_optional_module_and_the_patients_modules_and_progress_follow(string culture, string size)
    {
        var nn = culture == "nn";
        var programId = $"tailor-{culture}";
        var program = SamplePrograms.Guided(new UnlockRule(UnlockMode.Free), id: programId);
        var optional = SamplePrograms.ModuleId(2, programId);
        program = program with { Modules = program.Modules.Select(m => m.Id == optional ? m with { Optional = true } : m).ToList() };
        await platform.Delivery.Services.StoreReleaseAsync(program, 1);
        var therapistEmail = $"tine.{culture}@example.no";
        var key = (await platform.CreateDeliveryUserAsync(therapistEmail, "Tine Terapeut", DeliveryRoles.Therapist))!;
        var code = await platform.Delivery.Services.InviteAsync(programId, await UserIdAsync(therapistEmail));
        var viewport = size == "phone" ? Journey.Phone : Journey.Desktop;

        await using var patient = await Journey.StartAsync(platform.Browser, "tailoring-patient", culture, viewport);
        await using var therapist = await Journey.StartAsync(platform.Browser, "tailoring-staff", culture, viewport);
        Guid enrollment = default;
        await patient.RunAsync(async p =>
        {
            await DeliverySteps.AcceptInvitationAsync(p, platform.DeliveryUrl, code, "Siri", $"siri.{culture}@example.no", nn);
            enrollment = await EnrollmentAsync(programId);
            await p.GotoAsync(new Uri(platform.DeliveryUrl, DeliveryKit.PageUrl(enrollment, 1, programId: programId)));
            await ExpectProgramAsync(p, enrollment, percent: 25, hasOptional: false); // 1 of the plan's 4 pages
        });

        await therapist.RunAsync(async t =>
        {
            await DeliverySteps.SignInStaffAsync(t, platform.DeliveryUrl, therapistEmail, key, nn);
            await t.GotoAsync(new Uri(platform.DeliveryUrl, $"/staff/patients/{enrollment}"));
            await t.Page.GetByRole(AriaRole.Button, new() { Name = "Legg «Modul 2: Pust» til i planen" }).ClickAsync();
            await Expect(t.Page.GetByRole(AriaRole.Status)).ToContainTextAsync(nn ? "Planen er endra." : "Planen er endret.");
            await t.CheckAccessibilityAsync();
        });
        await patient.RunAsync(p => ExpectProgramAsync(p, enrollment, percent: 16, hasOptional: true)); // 1 of 6

        await therapist.RunAsync(async t =>
        {
            await t.Page.GetByRole(AriaRole.Button, new() { Name = nn ? "Gøym «Modul 2: Pust» for pasienten" : "Skjul «Modul 2: Pust» for pasienten" }).ClickAsync();
            await Expect(t.Page.Locator(".plan-history")).ToContainTextAsync(nn ? "Tine Terapeut gøymde «Modul 2: Pust»" : "Tine Terapeut skjulte «Modul 2: Pust»");
            await t.CheckAccessibilityAsync();
        });
        await patient.RunAsync(p => ExpectProgramAsync(p, enrollment, percent: 25, hasOptional: false));
    }

    private async Task ExpectProgramAsync(Journey p, Guid enrollment, int percent, bool hasOptional)
    {
        await p.GotoAsync(new Uri(platform.DeliveryUrl, $"/my/{enrollment}"));
        await Expect(p.Page.Locator($"#progress-{enrollment}")).ToHaveAttributeAsync("value", percent.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Name = "Modul 2: Pust" })).ToHaveCountAsync(hasOptional ? 1 : 0);
        await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Name = "Modul 3: Pust" })).ToHaveCountAsync(1);
        await p.CheckAccessibilityAsync();
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = platform.Delivery.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>().FindByEmailAsync(email))!.Id;
    }

    private async Task<Guid> EnrollmentAsync(string programId)
    {
        await using var scope = platform.Delivery.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentPlatform.Delivery.Data.DeliveryDbContext>();
        return (await db.Enrollments.SingleAsync(e => e.ProgramId == programId)).Id;
    }
}
