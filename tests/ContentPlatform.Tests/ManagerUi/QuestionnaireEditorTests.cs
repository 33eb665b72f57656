using System.Net;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.ManagerUi;

public sealed class QuestionnaireEditorTests
{
    private const string Url = "/programs/calm/questionnaires/calm-q";

    [Fact]
    public async Task An_item_gets_answer_options_of_its_own_that_try_it_scores_and_clearing_them_returns_it_to_the_shared_scale()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("calm"), "eli@example.no");

        var html = await client.GetStringAsync(Url);
        Assert.Contains("Egne svaralternativer for dette spørsmålet", html); // folded away per item
        Assert.DoesNotContain("<details class=\"nested-list\" open", html);

        // Item 2 gets its own options, one row at a time as the form offers them.
        await SaveAsync(client, f => f
            .Set("q.items[1].options[0].value", "0").Set("q.items[1].options[0].text.nb", "Sov godt").Set("q.items[1].options[0].text.nn", "Sov godt"));
        await SaveAsync(client, f => f
            .Set("q.items[1].options[1].value", "2").Set("q.items[1].options[1].text.nb", "Sov svært dårlig").Set("q.items[1].options[1].text.nn", "Sov svært dårleg"));

        var saved = await DefinitionAsync(app);
        Assert.Null(saved.Items[0].Options); // item 1 still answers with the shared scale
        Assert.Equal([0, 2], saved.Items[1].Options!.Select(o => o.Value));
        Assert.Equal("Sov svært dårleg", saved.Items[1].Options![1].Text["nn"]);

        // "Try it" offers exactly those options for item 2 and scores with them; the alert on item 2 fires at 2.
        var tried = WebUtility.HtmlDecode(await client.GetStringAsync($"{Url}?a-i1=1&a-i2=2#try-it"));
        Assert.Contains("2 – Sov svært dårlig", tried);
        Assert.DoesNotContain("1 – Sov", tried);
        Assert.Contains("id=\"try-total\">3<", tried);
        Assert.Contains("Søvnvansker", tried);
        Assert.Contains("<details class=\"nested-list\" open", html = await client.GetStringAsync(Url));

        // Ticking "remove" on both rows hands item 2 back to the scale (no options at all would be a publish error).
        await SaveAsync(client, f => f.Set("q.items[1].options[0].remove", "true").Set("q.items[1].options[1].remove", "true"));
        Assert.Null((await DefinitionAsync(app)).Items[1].Options);
    }

    [Fact]
    public async Task An_option_without_a_number_is_refused_with_the_field_named_and_nothing_is_saved()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("calm"), "eli@example.no");
        var form = BrowserForm.Parse(await client.GetStringAsync(Url), "#questionnaire-form")
            .Set("q.items[0].options[0].value", "mange").Set("q.items[0].options[0].text.nb", "Mange").Set("q.items[0].options[0].text.nn", "Mange");
        var response = await client.PostAsync(Url, form.Content());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("role=\"alert\"", page);
        Assert.Contains("q.items[0].options[0].value", page);
        Assert.Contains("value=\"Mange\"", page); // the typed text is still in the form
        Assert.Null((await DefinitionAsync(app)).Items[0].Options);
    }

    private static async Task SaveAsync(HttpClient client, Func<BrowserForm, BrowserForm> edit)
    {
        var form = edit(BrowserForm.Parse(await client.GetStringAsync(Url), "#questionnaire-form"));
        var response = await client.PostAsync(Url, form.Content());
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<QuestionnaireDefinition> DefinitionAsync(AppFactory<ContentPlatform.Cms.CmsApp> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var draft = await db.Programs.AsNoTracking().SingleAsync(p => p.Id == "calm");
        return ProgramContent.FromJson(draft.DocumentJson).Questionnaires.Single(q => q.Id == "calm-q");
    }
}
