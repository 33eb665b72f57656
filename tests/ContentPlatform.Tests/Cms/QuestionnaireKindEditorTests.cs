using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentPlatform.Cms;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Pages.Programs;
using ContentPlatform.Cms.Programs.Editing;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace ContentPlatform.Tests.Cms;

/// <summary>A questionnaire's kind (clinical or evaluation) is picked from a list, never typed.</summary>
public sealed class QuestionnaireKindEditorTests
{
    [Fact]
    public void The_kind_is_read_from_the_list_and_an_unset_kind_left_at_clinical_stays_unset()
    {
        var stored = JsonSerializer.SerializeToNode(ManagerSamples.Questionnaire("q"), ContractJson.Options)!.AsObject();
        JsonObject Read(string kind, List<FormError> errors) => ContentForm.Read(QuestionnaireEditorModel.Fields,
            new FormCollection(new Dictionary<string, StringValues> { ["q.title.nb"] = "Uro", ["q.kind"] = kind }), "q", stored, ["nb", "nn"], errors);

        var errors = new List<FormError>();
        Assert.Equal("evaluation", Read("evaluation", errors)["kind"]!.GetValue<string>());
        Assert.False(Read("clinical", errors).ContainsKey("kind")); // a save without edits keeps the release's hash
        Assert.Empty(errors);

        Read("diagnostic", errors);
        Assert.Equal(("q.kind", "choice"), (Assert.Single(errors).Field, errors[0].Message));
    }

    [Fact]
    public async Task The_editor_offers_the_kinds_as_a_list_and_an_unknown_kind_posted_is_refused_with_a_localized_error_and_nothing_saved()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        await ManagerSamples.CreateAsync(app.Services, ManagerSamples.Valid("ro"), "eli");
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        const string url = "/programs/ro/questionnaires/ro-q";
        var before = await DocumentAsync(app);

        var page = WebUtility.HtmlDecode(await editor.GetStringAsync(url));
        Assert.Contains("<select id=\"q-kind\" name=\"q.kind\"", page);
        Assert.Contains("<option value=\"evaluation\">Evaluering – pasientens vurdering av programmet</option>", page);

        editor.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");
        var refused = await editor.PostFormAsync(url, ("version", "1"), ("q.title.nb", "Uro"), ("q.title.nn", "Uro"), ("q.kind", "diagnostic"),
            ("__RequestVerificationToken", await editor.AntiforgeryTokenAsync(url)));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Type: vel eitt av alternativa.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(before, await DocumentAsync(app));
    }

    private static async Task<(string Json, int Version)> DocumentAsync(AppFactory<CmsApp> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var draft = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Programs.AsNoTracking().SingleAsync(p => p.Id == "ro");
        return (draft.DocumentJson, draft.Version);
    }
}
