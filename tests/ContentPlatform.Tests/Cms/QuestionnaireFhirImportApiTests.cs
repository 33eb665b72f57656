using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Shared.Questionnaires;
using ContractJson = ContentPlatform.Contract.Releases.ContractJson;
using DefinitionJson = ContentPlatform.Tests.Shared.Questionnaires.ContractJson;

namespace ContentPlatform.Tests.Cms;

/// <summary><c>POST /api/v1/manage/programs/{id}/questionnaires</c>: a FHIR R4 Questionnaire into the draft, all or nothing.</summary>
public sealed class QuestionnaireFhirImportApiTests
{
    private const string Api = "/api/v1/manage/programs";

    private static StringContent Fhir(string json) => new(json, Encoding.UTF8, "application/fhir+json");

    private static async Task<JsonElement> DraftAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync($"{Api}/test-uro")).RootElement;

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_imported_questionnaire_is_added_to_the_draft_as_it_was_exported(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        await editor.PostAsJsonAsync(Api, SamplePrograms.Draft(), ContractJson.Options);
        var checkIn = WeeklyCheckIn.Create();

        var response = await editor.PostAsync($"{Api}/test-uro/questionnaires", Fhir(FhirQuestionnaire.Export(checkIn)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await DraftAsync(editor)).GetProperty("content").GetProperty("questionnaires").EnumerateArray()
            .Single(q => q.GetProperty("id").GetString() == checkIn.Id);
        Assert.Equal(DefinitionJson.Of(checkIn), DefinitionJson.Of(stored.Deserialize<QuestionnaireDefinition>(ContractJson.Options)!));
    }

    [Fact]
    public async Task An_invalid_file_is_refused_with_every_problem_localized_at_its_path_and_nothing_is_saved()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        await editor.PostAsJsonAsync(Api, SamplePrograms.Draft(), ContractJson.Options);
        var before = await DraftAsync(editor);
        var fhir = JsonNode.Parse(FhirQuestionnaire.Export(WeeklyCheckIn.Create()))!;
        fhir["item"]![1]!.AsObject().Remove("item"); // an empty group: R4's que-1
        editor.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");

        var response = await editor.PostAsync($"{Api}/test-uro/questionnaires", Fhir(fhir.ToJsonString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("Skjemaet vart ikkje importert", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var only = Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal("Questionnaire.item[1]", only.GetProperty("path").GetString());
        Assert.StartsWith("Bryt med FHIR R4-spesifikasjonen", only.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("que-1", only.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await DraftAsync(editor);
        Assert.Equal(before.GetProperty("version").GetInt32(), after.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_reviewer_cannot_import_a_questionnaire()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var reviewer = await app.SignedInAsync("rune@example.no", StaffRoles.Reviewer);
        await editor.PostAsJsonAsync(Api, SamplePrograms.Draft(), ContractJson.Options);

        var response = await reviewer.PostAsync($"{Api}/test-uro/questionnaires", Fhir(FhirQuestionnaire.Export(WeeklyCheckIn.Create())));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
