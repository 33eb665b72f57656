using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ContentPlatform.Tests.Infrastructure.SamplePrograms;

namespace ContentPlatform.Tests.Cms;

/// <summary>
/// The one program comparison seen from outside: the management API's /diff and the pages list the same changes with
/// the same human path; the review log and history speak the reader's language; the status says what is true.
/// </summary>
public sealed partial class ReviewDiffTests
{
    private const string Api = "/api/v1/manage/programs";

    /// <summary>The calming text changed in nynorsk, a band's limit and a setting of the questionnaire, and a new module.</summary>
    private static ProgramContent Changed(ProgramContent p)
    {
        var q = p.Questionnaires[0];
        var m1 = p.Modules[0];
        var page = m1.Pages[0];
        return p with
        {
            Modules =
            [
                m1 with { Pages = [page with { Blocks = [((TextBlock)page.Blocks[0]) with { Markdown = T("## Hva er uro?\n\nUro er vanlig.", "## Kva er uro?\n\nUro er svært vanleg.") }, .. page.Blocks.Skip(1)] }] },
                .. p.Modules.Skip(1), DraftModule(3),
            ],
            Questionnaires = [q with { ShowResultToPatient = false, Bands = [q.Bands[0], q.Bands[1] with { To = 4 }, q.Bands[2] with { From = 5 }] }],
        };
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_api_diff_and_the_history_page_list_the_same_changes_with_the_same_human_path(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var program = Draft();
        await editor.PostAsJsonAsync(Api, program, ContractJson.Options);
        Assert.Equal(HttpStatusCode.OK, (await editor.PutAsJsonAsync($"{Api}/test-uro", Changed(program), ContractJson.Options)).StatusCode);

        var api = JsonDocument.Parse(await editor.GetStringAsync($"{Api}/test-uro/diff?from=1&to=2&culture=nn")).RootElement.EnumerateArray()
            .Select(c => (Kind: c.GetProperty("kind").GetString()!, Key: c.GetProperty("key").GetString()!,
                Language: c.GetProperty("language").GetString() ?? "", Path: c.GetProperty("path").GetString()!))
            .ToList();
        var html = await editor.GetStringAsync("/programs/test-uro/history?from=1&to=2&culture=nn");
        var page = Row().Matches(html)
            .Select(m => (Kind: m.Groups["kind"].Value, Key: WebUtility.HtmlDecode(m.Groups["key"].Value),
                Language: m.Groups["language"].Value, Path: WebUtility.HtmlDecode(m.Groups["path"].Value)))
            .ToList();

        Assert.NotEmpty(api);
        Assert.Equal(api, page);
        Assert.Contains(api, c => c == ("changed", "questionnaire:checkin:bands[1].to", "", "Spørjeskjema «Vekesjekk» › Alvorsgrader › 1 › Til sum"));
        Assert.Contains(api, c => c is { Kind: "changed", Key: "questionnaire:checkin:showResultToPatient" });
        Assert.Contains(api, c => c == ("changed", "block:m1-intro:markdown", "nn", "Modul 1 › Side 1 › Blokk 1: Tekst › Tekst › nynorsk"));
        Assert.Contains(api, c => c == ("added", "module:m3", "", "Modul 3"));
        // Inside the changed text only the new word is marked, and a screen reader hears that it was added.
        Assert.Matches(@"Uro er <ins><span class=""visually-hidden"">lagt til: </span>svært </ins>vanleg\.", WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("m1-intro", string.Concat(page.Select(r => r.Path)));
    }

    [Fact]
    public async Task The_program_list_and_pages_say_published_with_the_release_then_changed_after_publishing_until_the_draft_matches_again()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var reviewer = await app.SignedInAsync("rune@example.no", StaffRoles.Reviewer);
        var program = Draft();
        await editor.PostAsJsonAsync(Api, program, ContractJson.Options);
        await editor.PostAsync($"{Api}/test-uro/submit", null);
        await reviewer.PostAsJsonAsync($"{Api}/test-uro/approve", new { comment = "ok" });
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"{Api}/test-uro/publish", new { })).StatusCode);

        Assert.Contains("<td class=\"status\">Publisert (utgivelse 1)</td>", await editor.GetStringAsync("/programs"));
        Assert.Contains("<strong id=\"program-status\">Publisert (utgjeving 1)</strong>", await editor.GetStringAsync("/programs/test-uro?culture=nn"));

        await editor.PutAsJsonAsync($"{Api}/test-uro", Changed(program), ContractJson.Options);
        Assert.Contains("<td class=\"status\">Endret etter publisering</td>", await editor.GetStringAsync("/programs"));
        Assert.Contains("<strong id=\"program-status\">Endra etter publisering</strong>", await editor.GetStringAsync("/programs/test-uro/review?culture=nn"));

        // Saved back to what was published: nothing differs, so it is simply published again.
        await editor.PutAsJsonAsync($"{Api}/test-uro", program, ContractJson.Options);
        Assert.Contains("<td class=\"status\">Publisert (utgivelse 1)</td>", await editor.GetStringAsync("/programs"));
    }

    [Fact]
    public async Task The_review_log_and_history_say_every_line_in_the_readers_language_with_places_instead_of_ids()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var program = Draft();
        await editor.PostAsJsonAsync(Api, program, ContractJson.Options);
        await editor.PostAsJsonAsync($"{Api}/test-uro/translations/accept", new { key = "block:m1-intro:markdown", language = "nn" });
        await editor.PostAsync($"{Api}/test-uro/submit", null);
        await editor.PutAsJsonAsync($"{Api}/test-uro", Changed(program), ContractJson.Options);
        await editor.PostAsync($"{Api}/test-uro/submit", null);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<ProgramWorkflow>().ApproveImportAsync("test-uro", ProgramWorkflow.ImportActor));
        }

        var review = WebUtility.HtmlDecode(await editor.GetStringAsync("/programs/test-uro/review?culture=nn"));
        var log = review[review.IndexOf("id=\"events-heading\"", StringComparison.Ordinal)..];
        Assert.Contains("Modul 1 › Side 1 › Blokk 1: Tekst › Tekst › nynorsk", log);
        Assert.Contains("endra medan statusen var «Til gjennomgang»", log);
        Assert.Contains("import frå innhaldsfiler · godkjend: importert frå innhaldsfiler som er gjennomgått i versjonskontrollen", log);
        Assert.DoesNotContain("block:", log);
        Assert.DoesNotContain("imported from", log);
        Assert.DoesNotContain("edited while", log);

        var history = WebUtility.HtmlDecode(await editor.GetStringAsync("/programs/test-uro/history?culture=nn"));
        Assert.Contains("<td>Oppretta</td>", history);
        Assert.Contains("<td>Lagra</td>", history);
    }

    [GeneratedRegex("""<tr class="change-(?<kind>\w+)" data-key="(?<key>[^"]*)"(?: data-language="(?<language>[^"]*)")?>\s*<td>.*?</td>\s*<td class="where"><a href="[^"]*">(?<path>[^<]*)</a>""", RegexOptions.Singleline)]
    private static partial Regex Row();
}
