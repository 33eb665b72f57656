using System.Globalization;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Rendering.Blocks;

/// <summary>A questionnaire as one fieldset of radio groups per item (field id = item id); scored by the host on submit.</summary>
public sealed class QuestionnaireRenderer : BlockRenderer<QuestionnaireBlock>
{
    public override bool Interactive => true;

    protected override void Render(QuestionnaireBlock block, RenderContext context, HtmlWriter html)
    {
        var definition = context.Release.Content.Questionnaires.FirstOrDefault(q => q.Id == block.Ref);
        if (definition is null)
        {
            return; // publish validation refuses broken references; nothing sensible to show
        }
        html.Raw("<section class=\"block questionnaire\"").Attr("id", IdFor(block)).Attr("aria-labelledby", IdFor(block, "-title"))
            .Raw("><h2").Attr("id", IdFor(block, "-title")).Raw(">").Text(context.T(definition.Title)).Raw("</h2>");
        var intro = block.Intro is not null && context.T(block.Intro).Length > 0 ? context.T(block.Intro) : context.T(definition.Intro);
        if (intro.Length > 0)
        {
            html.Raw("<p>").Text(intro).Raw("</p>");
        }
        Notice(context, html, block);
        FormStart(context, html, block, "Questionnaire", "questionnaire-form");
        if (context.Form is { } form)
        {
            html.Raw("<input type=\"hidden\" name=\"submissionId\"").Attr("value", form.SubmissionId).Raw(">");
        }
        foreach (var item in definition.Items)
        {
            var current = context.Answer(block.Id, item.Id);
            html.Raw("<fieldset class=\"item\"><legend>").Text(context.T(item.Text)).Raw("</legend>");
            foreach (var option in definition.OptionsFor(item))
            {
                var value = option.Value.ToString(CultureInfo.InvariantCulture);
                var id = IdFor(block, $"-{item.Id}-{value}");
                html.Raw("<div class=\"option\"><input type=\"radio\"").Attr("id", id).Attr("name", "q." + item.Id).Attr("value", value)
                    .Flag("checked", current == value).Raw("><label").Attr("for", id).Raw(">").Text(context.T(option.Text)).Raw("</label></div>");
            }
            html.Raw("</fieldset>");
        }
        html.Raw("<button type=\"submit\" class=\"button primary\">").Text(context.Texts.Send).Raw("</button></form></section>");
    }
}
