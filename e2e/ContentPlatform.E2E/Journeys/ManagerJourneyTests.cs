using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.E2E.Infrastructure;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentPlatform.E2E.Journeys;

/// <summary>The content team's journeys through the manager UI, each in Bokmål and Nynorsk, axe-checked on every page.</summary>
[Collection(PlatformGroup.Name)]
public sealed class ManagerJourneyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task An_editor_builds_a_module_a_reviewer_sends_it_back_then_approves_and_the_release_reaches_the_content_API(string culture)
    {
        string T(string nb, string nn) => culture == "nn" ? nn : nb;
        var slug = $"pust-{culture}";
        var qid = $"uro-{culture}";
        var editorKey = await platform.CreateStaffAsync($"eli.build.{culture}@example.no", "Eli", StaffRoles.Editor);
        var reviewerKey = await platform.CreateStaffAsync($"rune.build.{culture}@example.no", "Rune", StaffRoles.Reviewer);
        var cms = platform.CmsUrl;

        await using var editor = await Journey.StartAsync(platform.Browser, "manager-build", culture);
        await using var reviewer = await Journey.StartAsync(platform.Browser, "manager-review", culture);
        await editor.RunAsync(async j =>
        {
            await CmsSteps.SignInAsync(j, cms, $"eli.build.{culture}@example.no", editorKey);
            await j.GotoAsync(new Uri(cms, "/programs"));
            await j.Page.Locator("#title-nb").FillAsync("Pust rolig");
            await j.Page.Locator("#title-nn").FillAsync("Pust roleg");
            await j.Page.Locator("#slug").FillAsync(slug);
            await Click(j, "Opprett program");

            await Expect(j.Page).ToHaveURLAsync(new Regex($"/programs/{slug}$"));
            await j.CheckAccessibilityAsync();
            await j.Page.Locator("#new-module-nb").FillAsync("Puste med magen");
            await j.Page.Locator("#new-module-nn").FillAsync("Puste med magen");
            await Click(j, "Legg til modul");
            await j.Page.GetByText(new Regex("Legg til side i")).ClickAsync();
            await j.Page.Locator("[id^=new-page-][id$=-nb]").FillAsync("Kom i gang");
            await j.Page.Locator("[id^=new-page-][id$=-nn]").FillAsync("Kom i gang");
            await Click(j, "Legg til side");
            await j.Page.GetByRole(AriaRole.Link, new() { Name = "Kom i gang", Exact = true }).ClickAsync();
            var pageUrl = j.Page.Url.Split('#')[0];
            await j.CheckAccessibilityAsync();

            // The questionnaire first, so the block can refer to it.
            await j.GotoAsync(new Uri(cms, $"/programs/{slug}/questionnaires"));
            await j.Page.Locator("#q-id").FillAsync(qid);
            await j.Page.Locator("#q-title-nb").FillAsync("Uro siste uke");
            await j.Page.Locator("#q-title-nn").FillAsync("Uro siste veke");
            await Click(j, T("Opprett spørreskjema", "Opprett spørjeskjema"));
            await j.CheckAccessibilityAsync();
            await j.Page.Locator("#q-scale-new0-value").FillAsync("0");
            await j.Page.Locator("#q-scale-new0-text-nb").FillAsync("Nei");
            await j.Page.Locator("#q-scale-new0-text-nn").FillAsync("Nei");
            await j.Page.Locator("#q-items-new0-nb").FillAsync("Har du kjent deg urolig?");
            await j.Page.Locator("#q-items-new0-nn").FillAsync("Har du kjent deg uroleg?");
            await j.Page.Locator("#q-bands-new0-from").FillAsync("0");
            await j.Page.Locator("#q-bands-new0-to").FillAsync("1");
            await j.Page.Locator("#q-bands-new0-label-nb").FillAsync("Lite uro");
            await j.Page.Locator("#q-bands-new0-label-nn").FillAsync("Lite uro");
            await Click(j, "Lagre");
            await j.CheckAccessibilityAsync();
            await j.Page.Locator("#q-scale-new1-value").FillAsync("1");
            await j.Page.Locator("#q-scale-new1-text-nb").FillAsync("Ja");
            await j.Page.Locator("#q-scale-new1-text-nn").FillAsync("Ja");
            await Click(j, "Lagre");
            await j.CheckAccessibilityAsync();
            await j.Page.Locator("#try-i1").SelectOptionAsync("1");
            await Expect(j.Page.Locator("#try-total")).ToHaveTextAsync("1");
            await j.CheckAccessibilityAsync();

            // The page: a text block, an exercise and the questionnaire, each in both languages.
            await j.GotoAsync(new Uri(pageUrl));
            await AddBlockAsync(j, "text");
            var text = j.Page.Locator(".block").Nth(0);
            await TypeMarkdownAsync(text, 0, "## Pust\n\nPust inn gjennom nesen.");
            await TypeMarkdownAsync(text, 1, "## Pust\n\nPust inn gjennom nasen.");
            await AddBlockAsync(j, "exercise");
            var exercise = j.Page.Locator(".block").Nth(1);
            await exercise.Locator("[id$=-title-nb]").FillAsync("Pusteøvelse");
            await exercise.Locator("[id$=-title-nn]").FillAsync("Pusteøving");
            await exercise.Locator("[id$=-prompt-nb]").FillAsync("Hva merket du?");
            await exercise.Locator("[id$=-prompt-nn]").FillAsync("Kva merka du?");
            await AddBlockAsync(j, "questionnaire");
            await j.Page.Locator(".block").Nth(2).Locator("[id$=-ref]").FillAsync(qid);
            await Click(j, "Lagre");
            await Expect(j.Page.Locator(".block")).ToHaveCountAsync(3);
            await j.CheckAccessibilityAsync();
            await j.ScreenshotAsync($"page-editor-{culture}");

            // Preview as a patient: the draft on the patient site, in its theme and the journey's language.
            await j.Page.Locator($"a[href*='handler=delivery'][href*='lang={culture}']").ClickAsync();
            await Expect(j.Page).ToHaveURLAsync(new Regex("/preview/"));
            await Expect(j.Page.Locator(".preview-banner")).ToContainTextAsync(T("Forhåndsvisning av utkast", "Førehandsvising av utkast"));
            await Expect(j.Page.Locator("article")).ToContainTextAsync(T("Pust inn gjennom nesen.", "Pust inn gjennom nasen."));
            await Expect(j.Page.Locator("article")).ToContainTextAsync(T("Pusteøvelse", "Pusteøving"));
            await j.CheckAccessibilityAsync();

            // The same page previewed in the other language speaks it; the Cms keeps its own (each app has its own
            // culture cookie, and cookies do not tell ports apart).
            var other = culture == "nn" ? "nb" : "nn";
            await j.Page.GoBackAsync();
            await j.Page.Locator($"a[href*='handler=delivery'][href*='lang={other}']").ClickAsync();
            await Expect(j.Page.Locator("article")).ToContainTextAsync(T("Pust inn gjennom nasen.", "Pust inn gjennom nesen."));
            await Expect(j.Page.Locator("html")).ToHaveAttributeAsync("lang", other);
            await j.CheckAccessibilityAsync();

            await j.GotoAsync(new Uri(cms, $"/programs/{slug}/review"));
            await Expect(j.Page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            await Expect(j.Page.Locator("#problems-heading")).ToContainTextAsync("(0)");
            await Click(j, "Send til gjennomgang");
            await Expect(j.Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("sendt til gjennomgang");
            await j.CheckAccessibilityAsync();
        });

        await reviewer.RunAsync(async j =>
        {
            await CmsSteps.SignInAsync(j, cms, $"rune.build.{culture}@example.no", reviewerKey);
            await j.ScreenshotAsync($"dashboard-{culture}");
            await j.Page.Locator("#for-review ~ ul").GetByRole(AriaRole.Link, new() { Name = "Pust" }).ClickAsync();
            await j.CheckAccessibilityAsync();
            await Expect(j.Page.Locator("#diff")).ToContainTextAsync("Pust inn gjennom nasen.");
            await j.ScreenshotAsync($"review-{culture}");
            await j.Page.GetByLabel(T("Hva må endres?", "Kva må endrast?")).FillAsync(T("Skriv oppgaven enklere.", "Skriv oppgåva enklare."));
            await Click(j, "Send tilbake");
            await j.CheckAccessibilityAsync();
        });

        await editor.RunAsync(async j =>
        {
            await j.GotoAsync(new Uri(cms, $"/programs/{slug}/review"));
            await Expect(j.Page.Locator("#review-comment")).ToContainTextAsync(T("Skriv oppgaven enklere.", "Skriv oppgåva enklare."));
            await j.Page.Locator("#problems").GetByRole(AriaRole.Link).CountAsync();
            await j.GotoAsync(new Uri(cms, $"/programs/{slug}"));
            await j.Page.GetByRole(AriaRole.Link, new() { Name = "Kom i gang", Exact = true }).ClickAsync();
            await j.CheckAccessibilityAsync();
            var exercise = j.Page.Locator(".block").Nth(1);
            await exercise.Locator("[id$=-prompt-nb]").FillAsync("Kjenn etter. Hva merket du?");
            await exercise.Locator("[id$=-prompt-nn]").FillAsync("Kjenn etter. Kva merka du?");
            await Click(j, "Lagre");
            await j.CheckAccessibilityAsync();
            await j.GotoAsync(new Uri(cms, $"/programs/{slug}/review"));
            await Click(j, "Send til gjennomgang");
            await j.CheckAccessibilityAsync();
        });

        await reviewer.RunAsync(async j =>
        {
            await j.GotoAsync(new Uri(cms, $"/programs/{slug}/review"));
            await Expect(j.Page.Locator("#diff")).ToContainTextAsync("Kjenn etter.");
            await Click(j, "Godkjenn");
            await j.CheckAccessibilityAsync();
            await Click(j, T("Publiser nå", "Publiser no"));
            await Expect(j.Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("publisert");
            await j.CheckAccessibilityAsync();
        });

        using var http = new HttpClient { BaseAddress = cms };
        http.DefaultRequestHeaders.Add("X-Api-Key", PlatformFixture.ContentApiKey);
        var release = await http.GetStringAsync($"/api/v1/programs/{slug}");
        Assert.Contains("Kjenn etter. Kva merka du?", release);
        Assert.Contains(qid, release);
    }

    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task Changed_bokmal_makes_nynorsk_stale_and_publishing_waits_until_nynorsk_is_updated(string culture)
    {
        string T(string nb, string nn) => culture == "nn" ? nn : nb;
        var id = $"stale-{culture}";
        var key = await platform.CreateStaffAsync($"ada.stale.{culture}@example.no", "Ada", StaffRoles.Admin);
        await PublishedAsync(id);
        var cms = platform.CmsUrl;
        await using var journey = await Journey.StartAsync(platform.Browser, "manager-stale", culture);
        await journey.RunAsync(async j =>
        {
            await CmsSteps.SignInAsync(j, cms, $"ada.stale.{culture}@example.no", key);
            await j.GotoAsync(new Uri(cms, $"/programs/{id}/pages/{id}-p1"));
            var text = j.Page.Locator($"#block-{id}-b1");
            await TypeMarkdownAsync(text, 0, " Og ut igjen.");
            await Click(j, "Lagre");
            await Expect(j.Page.Locator($"#f-{id}-b1-markdown-nn-stale")).ToContainTextAsync("Utdatert");
            await j.CheckAccessibilityAsync();

            await j.GotoAsync(new Uri(cms, $"/programs/{id}/review"));
            await Click(j, "Send til gjennomgang");
            await Expect(j.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync(T("Rett problemene", "Rett problema"));
            await j.CheckAccessibilityAsync();
            await j.Page.Locator("#problems").GetByRole(AriaRole.Link, new() { Name = T("Oversettelsen er utdatert", "Omsetjinga er utdatert") }).ClickAsync();
            await Expect(j.Page).ToHaveURLAsync(new Regex($"/pages/{id}-p1#f-{id}-b1-markdown-nn$"));
            await j.CheckAccessibilityAsync();

            await TypeMarkdownAsync(j.Page.Locator($"#block-{id}-b1"), 1, " Og ut att.");
            await Click(j, "Lagre");
            await Expect(j.Page.Locator($"#f-{id}-b1-markdown-nn-stale")).ToHaveCountAsync(0);
            await j.CheckAccessibilityAsync();

            await j.GotoAsync(new Uri(cms, $"/programs/{id}/review"));
            await Click(j, "Send til gjennomgang");
            await j.CheckAccessibilityAsync();
            // Four eyes: Ada changed this version, so her own approval is refused, in her language.
            await Click(j, "Godkjenn");
            await Expect(j.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync(T("en annen fagperson må godkjenne den", "ein annan fagperson må godkjenne han"));
            await j.CheckAccessibilityAsync();
            await ApproveAsync(id, "rune");
            await j.GotoAsync(new Uri(cms, $"/programs/{id}/review"));
            await Click(j, T("Publiser nå", "Publiser no"));
            await Expect(j.Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("publisert");
            await Expect(j.Page.Locator(".program-nav .state")).ToContainTextAsync(T("utgivelse 2", "utgjeving 2"));
            await j.CheckAccessibilityAsync();
        });
    }

    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task An_editor_restores_an_older_revision_and_the_diff_shows_what_changed(string culture)
    {
        var id = $"restore-{culture}";
        var key = await platform.CreateStaffAsync($"eli.restore.{culture}@example.no", "Eli", StaffRoles.Editor);
        await ManagerSamples.CreateAsync(platform.Cms.Services, ManagerSamples.Valid(id), "eli");
        var cms = platform.CmsUrl;
        await using var journey = await Journey.StartAsync(platform.Browser, "manager-restore", culture);
        await journey.RunAsync(async j =>
        {
            await CmsSteps.SignInAsync(j, cms, $"eli.restore.{culture}@example.no", key);
            await j.GotoAsync(new Uri(cms, $"/programs/{id}/pages/{id}-p1"));
            await j.Page.Locator($"#f-{id}-b2-title-nb").FillAsync("Ny tittel på øvelsen");
            await Click(j, "Lagre");
            await j.CheckAccessibilityAsync();

            await j.GotoAsync(new Uri(cms, $"/programs/{id}/history"));
            await j.Page.Locator("#from-1").CheckAsync();
            await j.Page.Locator("#to-2").CheckAsync();
            await Click(j, culture == "nn" ? "Samanlikn" : "Sammenlign");
            await Expect(j.Page.Locator("#diff del")).ToContainTextAsync("Øvelse");
            await Expect(j.Page.Locator("#diff ins")).ToContainTextAsync("Ny tittel på øvelsen");
            await j.CheckAccessibilityAsync();

            await j.Page.Locator("#from-1").CheckAsync();
            await j.Page.Locator("#to-2").CheckAsync();
            await Click(j, culture == "nn" ? "Samanlikn" : "Sammenlign");
            await Click(j, "Gjenopprett revisjon 1");
            await Expect(j.Page.Locator("#diff del")).ToContainTextAsync("Ny tittel på øvelsen");
            await Expect(j.Page.Locator("#diff ins")).ToContainTextAsync("Øvelse");
            await Expect(j.Page.Locator("#revision-3")).ToContainTextAsync(culture == "nn" ? "Gjenoppretta revisjon 1" : "Gjenopprettet revisjon 1");
            await j.CheckAccessibilityAsync();
        });
    }

    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task Two_tabs_edit_the_same_page_and_the_conflict_shows_both_texts_so_none_is_lost(string culture)
    {
        string T(string nb, string nn) => culture == "nn" ? nn : nb;
        var id = $"tabs-{culture}";
        var key = await platform.CreateStaffAsync($"eli.tabs.{culture}@example.no", "Eli", StaffRoles.Editor);
        await ManagerSamples.CreateAsync(platform.Cms.Services, ManagerSamples.Valid(id), "eli");
        var cms = platform.CmsUrl;
        await using var journey = await Journey.StartAsync(platform.Browser, "manager-tabs", culture);
        await journey.RunAsync(async j =>
        {
            await CmsSteps.SignInAsync(j, cms, $"eli.tabs.{culture}@example.no", key);
            var editorUrl = new Uri(cms, $"/programs/{id}/pages/{id}-p1");
            await j.GotoAsync(editorUrl);
            var other = await j.Context.NewPageAsync();
            await other.GotoAsync(editorUrl.ToString());

            // Tab two autosaves first…
            await other.Locator($"#f-{id}-b2-title-nb").FillAsync("Tekst fra fane to");
            await Expect(other.Locator("#autosave-status")).ToContainTextAsync(T("Lagret", "Lagra"));

            // …then tab one's autosave is refused, and it shows both versions.
            await j.Page.Locator($"#f-{id}-b2-title-nb").FillAsync("Tekst fra fane en");
            await j.Page.GetByRole(AriaRole.Button, new() { Name = T("Vis begge versjonene", "Vis begge versjonane") }).ClickAsync();
            await Expect(j.Page.Locator("#their-version")).ToContainTextAsync("Tekst fra fane to");
            await Expect(j.Page.Locator($"#f-{id}-b2-title-nb")).ToHaveValueAsync("Tekst fra fane en");
            await j.CheckAccessibilityAsync();

            // Keeping tab one's text is a deliberate save; tab two's text stays in the history.
            await Click(j, "Lagre");
            await Expect(j.Page.Locator($"#f-{id}-b2-title-nb")).ToHaveValueAsync("Tekst fra fane en");
            await j.CheckAccessibilityAsync();
            await j.GotoAsync(new Uri(cms, $"/programs/{id}/history?from=2&to=3"));
            // Word by word: only the changed last word is marked.
            await Expect(j.Page.Locator("#diff td.words")).ToContainTextAsync("Tekst fra fane");
            await Expect(j.Page.Locator("#diff del")).ToContainTextAsync("to");
            await Expect(j.Page.Locator("#diff ins")).ToContainTextAsync("en");
            await j.CheckAccessibilityAsync();
            await other.CloseAsync();
        });
    }

    [Theory]
    [InlineData("nb")]
    [InlineData("nn")]
    public async Task Text_typed_just_before_a_reload_comes_back_from_the_browser_and_is_saved(string culture)
    {
        var id = $"reload-{culture}";
        var key = await platform.CreateStaffAsync($"eli.reload.{culture}@example.no", "Eli", StaffRoles.Editor);
        await ManagerSamples.CreateAsync(platform.Cms.Services, ManagerSamples.Valid(id), "eli");
        var cms = platform.CmsUrl;
        await using var journey = await Journey.StartAsync(platform.Browser, "manager-reload", culture);
        await journey.RunAsync(async j =>
        {
            await CmsSteps.SignInAsync(j, cms, $"eli.reload.{culture}@example.no", key);
            await j.GotoAsync(new Uri(cms, $"/programs/{id}/pages/{id}-p1"));
            await j.Page.Locator($"#f-{id}-b2-title-nn").FillAsync("Skrive før omlasting");
            await j.Page.ReloadAsync(); // before the autosave's debounce has run
            await Expect(j.Page.Locator($"#f-{id}-b2-title-nn")).ToHaveValueAsync("Skrive før omlasting");
            await Expect(j.Page.Locator("#autosave-status")).ToContainTextAsync(culture == "nn" ? "Lagra" : "Lagret");
            await j.CheckAccessibilityAsync();
            await j.Page.ReloadAsync();
            await Expect(j.Page.Locator($"#f-{id}-b2-title-nn")).ToHaveValueAsync("Skrive før omlasting");
            await j.CheckAccessibilityAsync();
        });
    }

    private static Task Click(Journey j, string name) =>
        j.Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).First.ClickAsync();

    private static async Task AddBlockAsync(Journey j, string type)
    {
        var count = await j.Page.Locator(".block").CountAsync();
        await j.Page.Locator("#new-type").SelectOptionAsync(type);
        await Click(j, "Legg til blokk");
        // The add waits for an autosave still on its way (editor.js), then posts and reloads: on a loaded machine
        // that is more than the default 5 s.
        await Expect(j.Page.Locator(".block")).ToHaveCountAsync(count + 1, new() { Timeout = 20_000 });
        await j.CheckAccessibilityAsync();
    }

    /// <summary>Types into the n-th Markdown editor (EasyMDE) of a block, at the end of its text.</summary>
    private static async Task TypeMarkdownAsync(ILocator block, int index, string text)
    {
        var editor = block.Locator(".CodeMirror").Nth(index);
        await editor.ClickAsync();
        await editor.Page.Keyboard.PressAsync("Control+End");
        await editor.Page.Keyboard.TypeAsync(text);
    }

    private async Task PublishedAsync(string id)
    {
        await ManagerSamples.CreateAsync(platform.Cms.Services, ManagerSamples.Valid(id), "eli", submit: true);
        await ApproveAsync(id, "rune");
        await using var scope = platform.Cms.Services.CreateAsyncScope();
        Assert.Null((await scope.ServiceProvider.GetRequiredService<ProgramWorkflow>().PublishAsync(id, "rune")).Error);
    }

    /// <summary>A second reviewer's sign-off (four eyes), given outside the browser.</summary>
    private async Task ApproveAsync(string id, string reviewer)
    {
        await using var scope = platform.Cms.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<ProgramWorkflow>().ApproveAsync(id, null, reviewer));
    }
}
