using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Rendering.Blocks;

/// <summary>A quiz question; once answered (field "choice": chosen option ids, comma-separated) each chosen option shows its feedback.</summary>
public sealed class QuizRenderer : BlockRenderer<QuizBlock>
{
    public override bool Interactive => true;

    protected override void Render(QuizBlock block, RenderContext context, HtmlWriter html)
    {
        var chosen = (context.Answer(block.Id, "choice") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        html.Raw("<section class=\"block quiz\"").Attr("id", IdFor(block)).Raw(">");
        Notice(context, html, block);
        FormStart(context, html, block, "Quiz", "quiz-form");
        html.Raw("<fieldset><legend>").Text(context.T(block.Question)).Raw("</legend>");
        foreach (var option in block.Options)
        {
            var id = IdFor(block, "-" + option.Id);
            var picked = chosen.Contains(option.Id);
            html.Raw("<div class=\"option\"><input name=\"choice\"").Attr("type", block.Multiple ? "checkbox" : "radio")
                .Attr("id", id).Attr("value", option.Id).Flag("checked", picked)
                .Attr("aria-describedby", picked ? IdFor(block, "-" + option.Id + "-feedback") : null)
                .Raw("><label").Attr("for", id).Raw(">").Text(context.T(option.Text)).Raw("</label>");
            if (picked)
            {
                html.Raw("<p class=\"feedback ").Raw(option.Correct ? "correct" : "incorrect").Raw("\"")
                    .Attr("id", IdFor(block, "-" + option.Id + "-feedback")).Raw("><strong>")
                    .Text(option.Correct ? context.Texts.Correct : context.Texts.Incorrect).Raw(".</strong> ")
                    .Text(context.T(option.Feedback)).Raw("</p>");
            }
            html.Raw("</div>");
        }
        html.Raw("</fieldset><button type=\"submit\" class=\"button\">").Text(context.Texts.CheckAnswer).Raw("</button></form></section>");
    }
}
