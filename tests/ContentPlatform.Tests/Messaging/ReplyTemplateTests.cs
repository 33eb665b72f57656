using System.Net;
using ContentPlatform.Cms.Transfer.Files;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Messaging;

/// <summary>Reply templates: part of the release contract, checked like every other text, filled for one patient.</summary>
public sealed class ReplyTemplateTests
{
    private static ReplyTemplate Template(string id, string? moduleId, LocalizedText body) =>
        new() { Id = id, ModuleId = moduleId, Title = LocalizedText.Of("Tittel", "Tittel"), Body = body };

    [Fact]
    public void A_template_missing_its_nynorsk_text_or_naming_a_missing_module_blocks_publishing()
    {
        var program = SamplePrograms.Draft() with
        {
            ReplyTemplates =
            [
                Template("hei", null, new LocalizedText { ["nb"] = "Hei {fornavn}" }),
                Template("borte", "no-such-module", LocalizedText.Of("Hei", "Hei")),
            ],
        };
        var problems = PublishValidator.Validate(program, new TranslationLog());
        Assert.Contains(problems, p => p.Code == "missing-language" && p.Location.Field == "replyTemplates[hei].body" && p.Location.Language == "nn");
        Assert.Contains(problems, p => p.Code == "broken-reference" && p.Detail == "no-such-module");
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void The_demo_program_carries_templates_in_both_languages_through_the_content_files()
    {
        var read = ContentFolderReader.Read(Path.Combine(RepoPaths.Root, "content"));
        var uro = read.Programs.Single(p => p.Content.Slug == "meistring-av-uro").Content;
        Assert.NotEmpty(uro.ReplyTemplates!);
        Assert.All(uro.ReplyTemplates!, t => Assert.True(t.Body.Has("nb") && t.Body.Has("nn") && t.Title.Has("nb") && t.Title.Has("nn")));
        Assert.Contains(uro.ReplyTemplates!, t => t.ModuleId == "m4");
    }

    [Fact]
    public void Placeholders_are_filled_with_the_first_name_and_the_module_title_and_module_templates_come_first()
    {
        var program = SamplePrograms.Draft() with
        {
            ReplyTemplates =
            [
                Template("generell", null, LocalizedText.Of("Hei {fornavn}, om «{modul}».", "Hei {fornavn}, om «{modul}».")),
                Template("modul", "m2", LocalizedText.Of("Til {fornavn}: {modul}", "Til {fornavn}: {modul}")),
            ],
        };
        var filled = ReplyTemplates.Fill(program, "nn", "Kari Nordmann", currentModuleId: "m1");
        var m1 = program.Modules[0].Title["nn"];
        var m2 = program.Modules[1].Title["nn"];
        Assert.Equal($"Hei Kari, om «{m1}».", filled.Single(t => t.Id == "generell").Body);
        Assert.Equal($"Til Kari: {m2}", filled.Single(t => t.Id == "modul").Body);
        Assert.Equal("generell", filled[0].Id); // m2's template is not for the current module

        Assert.Equal("modul", ReplyTemplates.Fill(program, "nb", "Kari", currentModuleId: "m2")[0].Id);
    }

    [Theory]
    [InlineData("nb", "Hei Anne! Hvordan gikk", "Svarmal")]
    [InlineData("nn", "Hei Anne! Korleis gjekk", "Svarmal")]
    public async Task The_therapist_page_offers_the_templates_and_puts_the_filled_text_in_the_editable_box(string language, string filled, string label)
    {
        var program = SamplePrograms.Guided() with
        {
            ReplyTemplates = [Template("uka", null, LocalizedText.Of("Hei {fornavn}! Hvordan gikk «{modul}»?", "Hei {fornavn}! Korleis gjekk «{modul}»?"))],
        };
        await using var app = (await Apps.DeliveryAsync(Db.Sqlite)).UseRealServer();
        await app.Services.StoreReleaseAsync(program, 1);
        var (_, _, enrollment) = await app.Services.CareTeamAsync(patientName: "Anne Askeladd");
        using var session = await app.SignInRealAsync("tone@example.no", language);

        var page = WebUtility.HtmlDecode(await session.Http.GetStringAsync($"/staff/messages/{enrollment}?template=uka"));
        Assert.Contains(label, page);
        Assert.Matches($"<textarea[^>]*>{System.Text.RegularExpressions.Regex.Escape(filled)}", page);
        Assert.DoesNotContain("{fornavn}", page);
    }
}
