using System.Globalization;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Contract.Rendering.Blocks;

/// <summary>
/// An exercise as a plain form that works without JavaScript; with it, data-autosave fields are saved as the patient
/// types. Field ids: "text" (reflection), each field's id (worksheet), each item's id (checklist), "rating".
/// </summary>
public sealed class ExerciseRenderer : BlockRenderer<ExerciseBlock>
{
    public override bool Interactive => true;

    protected override void Render(ExerciseBlock block, RenderContext context, HtmlWriter html)
    {
        html.Raw("<section class=\"block exercise\"").Attr("id", IdFor(block)).Attr("aria-labelledby", IdFor(block, "-title"))
            .Raw("><h2").Attr("id", IdFor(block, "-title")).Raw(">").Text(context.T(block.Title)).Raw("</h2>");
        // A rating asks its prompt in the fieldset's legend (read with every option); shown twice it reads twice.
        if (block.Kind != ExerciseKind.Rating && context.T(block.Prompt) is { Length: > 0 } prompt)
        {
            html.Raw("<p class=\"prompt\"").Attr("id", IdFor(block, "-prompt")).Raw(">").Text(prompt).Raw("</p>");
        }
        Notice(context, html, block);
        FormStart(context, html, block, "Answer", "exercise-form");
        switch (block.Kind)
        {
            case ExerciseKind.Worksheet:
                foreach (var field in block.Fields)
                {
                    TextArea(context, html, block, field.Id, context.T(field.Label), rows: 3);
                }
                break;
            case ExerciseKind.Checklist:
                html.Raw("<fieldset class=\"checklist\"><legend>").Text(context.T(block.Title)).Raw("</legend>");
                foreach (var item in block.Items)
                {
                    var id = IdFor(block, "-" + item.Id);
                    html.Raw("<div class=\"check\"><input type=\"checkbox\" value=\"true\"").Attr("id", id).Attr("name", "f." + item.Id)
                        .Attr("data-field", item.Id).Flag("checked", context.Answer(block.Id, item.Id) == "true")
                        .Raw("><label").Attr("for", id).Raw(">").Text(context.T(item.Text)).Raw("</label></div>");
                }
                html.Raw("</fieldset>");
                break;
            case ExerciseKind.Rating:
                Rating(context, html, block);
                break;
            default:
                TextArea(context, html, block, "text", context.Texts.YourAnswer, rows: 6);
                break;
        }
        html.Raw("<div class=\"form-actions\"><button type=\"submit\" class=\"button\">").Text(context.Texts.Save)
            .Raw("</button> <span class=\"save-status\" role=\"status\" aria-live=\"polite\"></span></div></form></section>");
    }

    /// <summary>
    /// One row of options, numbers under their buttons, with the anchors written under the two ends (where the eye
    /// looks for them) and read out with the end options themselves ("0 – ingen uro").
    /// </summary>
    private static void Rating(RenderContext context, HtmlWriter html, ExerciseBlock block)
    {
        var current = context.Answer(block.Id, "rating");
        var minLabel = context.T(block.MinLabel);
        var maxLabel = context.T(block.MaxLabel);
        html.Raw("<fieldset class=\"rating\"><legend>").Text(context.T(block.Prompt) is { Length: > 0 } p ? p : context.T(block.Title))
            .Raw("</legend><div class=\"scale\">");
        for (var value = block.Min; value <= block.Max; value++)
        {
            var v = value.ToString(CultureInfo.InvariantCulture);
            var id = IdFor(block, "-r" + v);
            var anchor = value == block.Min ? minLabel : value == block.Max ? maxLabel : "";
            html.Raw("<span class=\"option\"><input type=\"radio\" name=\"f.rating\" data-field=\"rating\"").Attr("id", id).Attr("value", v)
                .Flag("checked", current == v).Raw("><label").Attr("for", id).Raw(">").Text(v);
            if (anchor.Length > 0)
            {
                html.Raw("<span class=\"anchor-text\"> – ").Text(anchor).Raw("</span>");
            }
            html.Raw("</label></span>");
        }
        html.Raw("</div>");
        if (minLabel.Length > 0 || maxLabel.Length > 0)
        {
            html.Raw("<div class=\"scale-ends\" aria-hidden=\"true\"><span>").Text(minLabel).Raw("</span><span>").Text(maxLabel).Raw("</span></div>");
        }
        html.Raw("</fieldset>");
    }

    private static void TextArea(RenderContext context, HtmlWriter html, ExerciseBlock block, string fieldId, string label, int rows)
    {
        var id = IdFor(block, "-" + fieldId);
        html.Raw("<div class=\"field\"><label").Attr("for", id).Raw(">").Text(label).Raw("</label><textarea")
            .Attr("id", id).Attr("name", "f." + fieldId).Attr("data-field", fieldId)
            .Attr("rows", rows.ToString(CultureInfo.InvariantCulture))
            .Attr("aria-describedby", context.T(block.Prompt).Length > 0 ? IdFor(block, "-prompt") : null)
            .Raw(">").Text(context.Answer(block.Id, fieldId)).Raw("</textarea></div>");
    }
}
