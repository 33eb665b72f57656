using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Rendering;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Shared.Rendering;

public sealed class BlockRendererTests
{
    [Fact]
    public void Every_registered_block_type_has_exactly_one_renderer()
    {
        BlockRenderers.Check();
        foreach (var (name, type) in BlockTypes.All)
        {
            Assert.True(BlockRenderers.All.ContainsKey(type), $"block type '{name}' has no renderer");
        }
    }

    [Fact]
    public void A_video_has_native_controls_captions_per_language_and_a_transcript()
    {
        var video = new VideoBlock
        {
            Id = "pust-video", Media = "video/pust.mp4", Title = LocalizedText.Of("Slik puster du", "Slik pustar du"),
            Captions = new(StringComparer.Ordinal) { ["nb"] = "captions/pust.nb.vtt", ["nn"] = "captions/pust.nn.vtt" },
            Transcript = LocalizedText.Of("Pust inn.", "Pust inn, roleg."),
        };
        var html = BlockRenderers.Render(video, new RenderContext(Release(video), "nn"));
        Assert.Contains("<video controls", html);
        Assert.Contains("crossorigin=\"anonymous\"", html); // captions from the Cms's origin load only with CORS
        Assert.Contains("<track kind=\"captions\" src=\"/media/captions%2Fpust.nb.vtt\" srclang=\"nb\" label=\"Bokmål\">", html);
        Assert.Contains("srclang=\"nn\" label=\"Nynorsk\" default>", html);
        Assert.Contains("<details class=\"transcript\"><summary>Tekstversjon</summary><p>Pust inn, roleg.</p>", html);
    }

    [Fact]
    public void Rendering_is_deterministic_and_encodes_text_but_keeps_norwegian_letters()
    {
        var callout = new CalloutBlock { Id = "c1", Variant = CalloutVariant.Warning, Markdown = LocalizedText.Of("Ring <b>113</b> ved fare.", "Ring 113 ved fare.") };
        var exercise = new ExerciseBlock { Id = "e1", Title = LocalizedText.Of("Øving <1>", "Øving <1>"), Prompt = LocalizedText.Of("Skriv", "Skriv") };
        var context = new RenderContext(Release(callout, exercise), "nb");
        var first = BlockRenderers.Render(callout, context) + BlockRenderers.Render(exercise, context);
        var second = BlockRenderers.Render(callout, context) + BlockRenderers.Render(exercise, context);
        Assert.Equal(first, second);
        Assert.Contains("<aside class=\"block callout callout-warning\"", first);
        Assert.Contains("<strong>Viktig</strong>", first);
        Assert.Contains("&lt;b&gt;113&lt;/b&gt;", first); // raw HTML in content is text, never markup
        Assert.Contains("Øving &lt;1&gt;", first);
    }

    [Fact]
    public void A_questionnaire_is_a_fieldset_of_radio_groups_per_item()
    {
        var block = new QuestionnaireBlock { Id = "qb", Ref = SamplePrograms.Weekly().Id };
        var html = BlockRenderers.Render(block, new RenderContext(Release(block) with { }, "nb"));
        Assert.Equal(3, html.Split("<fieldset class=\"item\"><legend>").Length - 1);
        Assert.Contains("type=\"radio\" id=\"b-qb-q1-0\" name=\"q.q1\" value=\"0\"", html);
    }

    [Fact]
    public void A_rating_asks_its_prompt_once_and_labels_its_two_ends_for_the_eye_and_for_the_screen_reader()
    {
        var rating = new ExerciseBlock
        {
            Id = "uro", Kind = ExerciseKind.Rating, Title = LocalizedText.Of("Uro i dag", "Uro i dag"),
            Prompt = LocalizedText.Of("Hvor urolig er du nå?", "Kor uroleg er du no?"), Min = 0, Max = 10,
            MinLabel = LocalizedText.Of("ingen uro", "inga uro"), MaxLabel = LocalizedText.Of("verst tenkelig", "verst tenkjeleg"),
        };
        var html = BlockRenderers.Render(rating, new RenderContext(Release(rating), "nn"));

        Assert.Equal(1, html.Split("Kor uroleg er du no?").Length - 1); // in the legend only, not also as a paragraph above it
        Assert.Contains("<legend>Kor uroleg er du no?</legend>", html);
        Assert.Equal(11, html.Split("type=\"radio\"").Length - 1);
        Assert.Contains(">0<span class=\"anchor-text\"> – inga uro</span></label>", html);
        Assert.Contains(">10<span class=\"anchor-text\"> – verst tenkjeleg</span></label>", html);
        Assert.Contains(">5</label>", html); // the middle options carry only their number
        Assert.Contains("<div class=\"scale-ends\" aria-hidden=\"true\"><span>inga uro</span><span>verst tenkjeleg</span></div>", html);
    }

    private static ProgramRelease Release(params Block[] blocks)
    {
        var content = SamplePrograms.Guided() with
        {
            Modules = [new ModuleContent { Id = "m", Pages = [new PageContent { Id = "p", Blocks = blocks }] }],
        };
        return new ProgramRelease
        {
            ProgramId = content.Id, Number = 1, PublishedAt = DateTimeOffset.UnixEpoch, PublishedBy = "t",
            ContentHash = ProgramRelease.HashOf(content), Content = content,
        };
    }
}
