using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ContentPlatform.Cms;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ContentPlatform.Tests.Infrastructure.CmsPublishing;

namespace ContentPlatform.Tests.Cms;

/// <summary>
/// Issue 19, Cms side: the program page's editors for the reminder defaults and the caseload/alert settings, through the
/// real HTTP stack (sign-in, antiforgery, roles) into the draft, the review diff, the history and a published release.
/// </summary>
public sealed class ProgramSettingsEditorTests
{
    private const string Id = "ro";
    private const string Tree = "/programs/" + Id;

    private static ProgramContent Guided() => ManagerSamples.Valid(Id) with { Kind = ProgramKind.Guided, Unlock = new(UnlockMode.Sequential) };

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Saved_reminder_and_alert_settings_change_the_draft_are_named_in_the_review_and_history_and_a_release_carries_them_to_the_content_api(Db db)
    {
        await using var app = await Apps.CmsAsync(db, ApiKeySettings);
        await ManagerSamples.CreateAsync(app.Services, Guided(), "eli");
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);

        var reminders = await editor.PostFormAsync(Tree, ("op", "reminders"), ("version", "1"), ("reminders.channels", "email"),
            ("reminders.channels", "sms"), ("reminders.inactiveDays", "10"), ("reminders.quietFromHour", "22"), ("reminders.quietUntilHour", "7"),
            ("__RequestVerificationToken", await editor.AntiforgeryTokenAsync(Tree)));
        Assert.Equal(HttpStatusCode.Redirect, reminders.StatusCode);
        var triage = await editor.PostFormAsync(Tree, ("op", "triage"), ("version", "2"), ("triage.inactiveDays", "5"),
            ("triage.worseningPoints", "4"), ("replyTimeDays", "2"), ("alertEscalationHours", "48"),
            ("__RequestVerificationToken", await editor.AntiforgeryTokenAsync(Tree)));
        Assert.Equal(HttpStatusCode.Redirect, triage.StatusCode);

        var (json, version) = await DocumentAsync(app);
        var draft = ProgramContent.FromJson(json);
        Assert.Equal(3, version);
        Assert.Equal(["email", "sms"], draft.Reminders!.Channels);
        Assert.Equal((10, 22, 7), (draft.Reminders.InactiveDays, draft.Reminders.QuietFromHour, draft.Reminders.QuietUntilHour));
        Assert.Equal((5, 4, 2, 48), (draft.Triage.InactiveDays, draft.Triage.WorseningPoints, draft.ReplyTimeDays, draft.AlertEscalationHours));

        // The page shows what was saved; the review and the history name each setting for people, not by its JSON path.
        var page = WebUtility.HtmlDecode(await editor.GetStringAsync(Tree));
        Assert.Contains("id=\"f-program-alertEscalationHours\"", page);
        Assert.Contains("value=\"48\"", page);
        var diff = WebUtility.HtmlDecode(await editor.GetStringAsync(Tree + "/history?from=1&to=3"));
        Assert.Contains("Programmet › Påminnelser › Dager uten aktivitet", diff);
        Assert.Contains("Programmet › Påminnelser › Stille timer fra", diff);
        Assert.Contains("Programmet › Påminnelser › Kanaler", diff);
        Assert.Contains("Programmet › Timer før et uhåndtert rødt varsel sendes til klinikkadministrator", diff);
        Assert.Contains("Programmet › Varsling i pasientlisten › Poeng forverring", diff);
        var history = WebUtility.HtmlDecode(await editor.GetStringAsync(Tree + "/history"));
        Assert.Contains("Endret påminnelsene til pasienten", history);
        Assert.Contains("Endret innstillinger for pasientlisten og varsler", history);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var workflow = scope.ServiceProvider.GetRequiredService<ProgramWorkflow>();
            Assert.Null(await workflow.SubmitAsync(Id, "eli"));
            Assert.Null(await workflow.ApproveAsync(Id, "ok", "rune"));
            Assert.Null((await workflow.PublishAsync(Id, "rune")).Error);
        }
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", Key);
        var release = JsonSerializer.Deserialize<ProgramRelease>(await api.GetStringAsync($"/api/v1/programs/{Id}"), ContractJson.Options)!;
        Assert.Equal(["email", "sms"], release.Content.Reminders!.Channels);
        Assert.Equal((10, 22, 7), (release.Content.Reminders.InactiveDays, release.Content.Reminders.QuietFromHour, release.Content.Reminders.QuietUntilHour));
        Assert.Equal((5, 4, 2, 48), (release.Content.Triage.InactiveDays, release.Content.Triage.WorseningPoints, release.Content.ReplyTimeDays,
            release.Content.AlertEscalationHours));

        // After publishing, the review compares the draft with the release: a changed limit is named there too.
        var later = await editor.PostFormAsync(Tree, ("op", "triage"), ("version", (await DocumentAsync(app)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("triage.inactiveDays", "5"),
            ("triage.worseningPoints", "4"), ("replyTimeDays", "2"), ("alertEscalationHours", "72"),
            ("__RequestVerificationToken", await editor.AntiforgeryTokenAsync(Tree)));
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        var review = WebUtility.HtmlDecode(await editor.GetStringAsync(Tree + "/review"));
        Assert.Contains("Programmet › Timer før et uhåndtert rødt varsel sendes til klinikkadministrator", review);
        Assert.Contains("72", review);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Settings_out_of_range_not_a_number_or_an_unknown_channel_are_refused_naming_the_field_in_the_readers_language_and_nothing_is_saved(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        await ManagerSamples.CreateAsync(app.Services, Guided(), "eli");
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var before = await DocumentAsync(app);

        var days = await editor.PostFormAsync(Tree, ("op", "reminders"), ("version", "1"), ("reminders.channels", "email"),
            ("reminders.inactiveDays", "0"), ("reminders.quietFromHour", "21"), ("reminders.quietUntilHour", "8"),
            ("__RequestVerificationToken", await editor.AntiforgeryTokenAsync(Tree)));
        var html = WebUtility.HtmlDecode(await days.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, days.StatusCode);
        Assert.Contains("Påminnelse etter dager uten aktivitet må være mellom 1 og 365.", html);
        Assert.Contains("aria-invalid=\"true\"", html);
        Assert.Contains("value=\"0\"", html); // what was typed stays in the field to correct

        var channel = await editor.PostFormAsync(Tree, ("op", "reminders"), ("version", "1"), ("reminders.channels", "fax"),
            ("reminders.inactiveDays", "7"), ("reminders.quietFromHour", "21"), ("reminders.quietUntilHour", "8"),
            ("__RequestVerificationToken", await editor.AntiforgeryTokenAsync(Tree)));
        Assert.Contains("Kanaler som er på fra start: velg et av alternativene.", WebUtility.HtmlDecode(await channel.Content.ReadAsStringAsync()));

        editor.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");
        var hours = await editor.PostFormAsync(Tree, ("op", "triage"), ("version", "1"), ("triage.inactiveDays", "7"), ("triage.worseningPoints", "3"),
            ("replyTimeDays", ""), ("alertEscalationHours", "721"), ("__RequestVerificationToken", await editor.AntiforgeryTokenAsync(Tree)));
        Assert.Contains("Timar før eit uhandsama raudt varsel blir sendt til klinikkadministrator må vere mellom 1 og 720.",
            WebUtility.HtmlDecode(await hours.Content.ReadAsStringAsync()));
        var text = await editor.PostFormAsync(Tree, ("op", "triage"), ("version", "1"), ("triage.inactiveDays", "sju"), ("triage.worseningPoints", "3"),
            ("replyTimeDays", "2"), ("alertEscalationHours", "24"), ("__RequestVerificationToken", await editor.AntiforgeryTokenAsync(Tree)));
        Assert.Contains("Gul etter dagar utan aktivitet: skriv eit heiltal.", WebUtility.HtmlDecode(await text.Content.ReadAsStringAsync()));

        Assert.Equal(before, await DocumentAsync(app));
    }

    [Fact]
    public async Task A_reviewer_without_the_editor_role_is_refused_and_a_post_without_the_antiforgery_token_is_refused()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        await ManagerSamples.CreateAsync(app.Services, Guided(), "eli");
        var before = await DocumentAsync(app);

        var reviewer = await app.SignedInAsync("rune@example.no", StaffRoles.Reviewer);
        var page = await reviewer.GetStringAsync(Tree);
        Assert.DoesNotContain(">Lagre påminnelser<", page); // the forms are read-only for them
        var refused = await reviewer.PostFormAsync(Tree, ("op", "triage"), ("version", "1"), ("triage.inactiveDays", "2"), ("triage.worseningPoints", "1"),
            ("replyTimeDays", "1"), ("alertEscalationHours", "1"), ("__RequestVerificationToken", await reviewer.AntiforgeryTokenAsync(Tree)));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var forged = await editor.PostFormAsync(Tree, ("op", "reminders"), ("version", "1"), ("reminders.inactiveDays", "3"),
            ("reminders.quietFromHour", "21"), ("reminders.quietUntilHour", "8"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        Assert.Equal(before, await DocumentAsync(app));
    }

    private static async Task<(string Json, int Version)> DocumentAsync(AppFactory<CmsApp> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var draft = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Programs.AsNoTracking().SingleAsync(p => p.Id == Id);
        return (draft.DocumentJson, draft.Version);
    }
}
