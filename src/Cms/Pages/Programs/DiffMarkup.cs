using ContentPlatform.Cms.Programs.Changes;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>
/// The "what changed" cell of a diff row, built without the template's indentation: the cell keeps the text's own
/// spaces and line breaks (white-space: pre-wrap), so only the text may be in it. Removed and inserted words are
/// &lt;del&gt;/&lt;ins&gt; with a spoken prefix, since screen readers do not announce those elements.
/// </summary>
public static class DiffMarkup
{
    public static IHtmlContent Cell(ProgramChange change, IStringLocalizer s)
    {
        var html = new HtmlContentBuilder();
        if (change.Kind == ChangeKind.Moved)
        {
            return html.Append(s["MovedFromTo", change.Before ?? "", change.After ?? ""]);
        }
        if (change.What == ProgramChange.Text && change.Before is not null && change.After is not null)
        {
            foreach (var run in WordDiff.Compare(change.Before, change.After))
            {
                _ = run.Change switch
                {
                    WordChange.Removed => Marked(html, "del", s["RemovedWords"], run.Text),
                    WordChange.Inserted => Marked(html, "ins", s["InsertedWords"], run.Text),
                    _ => html.Append(run.Text),
                };
            }
            return html;
        }
        if (change.Before is not null)
        {
            Marked(html, "del", s["RemovedWords"], change.Before);
        }
        if (change.Before is not null && change.After is not null)
        {
            html.AppendHtml("<span aria-hidden=\"true\"> → </span>");
        }
        if (change.After is not null)
        {
            Marked(html, "ins", s["InsertedWords"], change.After);
        }
        return html;
    }

    private static IHtmlContentBuilder Marked(HtmlContentBuilder html, string element, string spoken, string text) =>
        html.AppendHtml($"<{element}><span class=\"visually-hidden\">").Append(spoken + " ").AppendHtml("</span>")
            .Append(text).AppendHtml($"</{element}>");
}
