using System.Net;
using System.Text.RegularExpressions;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.ManagerUi;

/// <summary>
/// Without a patient site configured, "preview as a patient" stays in the Cms; its blocks still come from the shared
/// renderers Delivery uses, so what the editor sees there is the markup a patient gets, in the chosen language.
/// </summary>
public sealed partial class ManagerUiTests
{
    [Fact]
    public async Task The_plain_preview_shows_the_draft_page_with_the_patient_sites_block_markup_in_the_chosen_language()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await SignedInAsync(app, "eli@example.no", StaffRoles.Editor);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("calm"), "eli@example.no");

        var nn = await client.GetStringAsync("/programs/calm/preview/calm-p1?lang=nn");
        Assert.Contains("<main id=\"main\" lang=\"nn\"", nn);
        Assert.Contains("Pust inn gjennom nasen.", nn);
        Assert.DoesNotContain("Pust inn gjennom nesen.", nn);
        Assert.Contains("Skriv kva du merkar.", nn);
        foreach (var kind in new[] { "text", "exercise", "questionnaire" })
        {
            Assert.Matches($"class=\"block {kind}\"", nn);
        }
        Assert.DoesNotContain("action=", nn); // no form target in a preview: nothing can be posted from it

        var nb = await client.GetStringAsync("/programs/calm/preview/calm-p1?lang=nb");
        Assert.Contains("Pust inn gjennom nesen.", nb);

        // The block styles are the shared stylesheet both apps serve.
        var css = Regex.Match(nn, "href=\"(/css/blocks\\.css\\?v=[^\"]+)\"").Groups[1].Value;
        var response = await client.GetAsync(css.Replace("&amp;", "&"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(".callout", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sending_a_form_in_the_plain_preview_shows_the_page_again_and_says_nothing_was_saved()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await SignedInAsync(app, "eli@example.no", StaffRoles.Editor);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("calm"), "eli@example.no");
        const string url = "/programs/calm/preview/calm-p1?lang=nn";

        var form = BrowserForm.Parse(await client.GetStringAsync(url), "form.exercise, form[data-block='calm-b2']");
        var response = await client.PostAsync(url, form.Set("text", "Eg merkar roa.").Content());

        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}");
        var html = await response.Content.ReadAsStringAsync();
        // The notice is the editor's interface language (nb here), marked as such inside the nn page.
        Assert.Contains("<p class=\"notice\" role=\"status\" lang=\"nb\">Dette er en forhåndsvisning, så svaret ble ikke lagret.</p>", html);
        Assert.Contains("Pust inn gjennom nasen.", html);
    }
}
