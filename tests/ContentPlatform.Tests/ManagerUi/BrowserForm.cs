using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ContentPlatform.Tests.ManagerUi;

/// <summary>
/// A form as a browser would submit it: every enabled, named control with its current value (checked boxes only, the
/// selected options), so a test changes only what a person would change and posts the rest untouched.
/// </summary>
public sealed class BrowserForm
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    private BrowserForm(IHtmlFormElement form)
    {
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { IsDisabled: false } input when input.Name is { Length: > 0 } name:
                    if (input.Type is "submit" or "button" or "file" or "image" or "reset" ||
                        (input.Type is "checkbox" or "radio" && !input.IsChecked))
                    {
                        continue;
                    }
                    _fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement { IsDisabled: false } area when area.Name is { Length: > 0 } name:
                    _fields.Add(new(name, area.Value));
                    break;
                case IHtmlSelectElement { IsDisabled: false } select when select.Name is { Length: > 0 } name:
                    foreach (var option in select.Options.Where(o => o.IsSelected))
                    {
                        _fields.Add(new(name, option.Value));
                    }
                    break;
            }
        }
    }

    public static BrowserForm Parse(string html, string formSelector)
    {
        var document = new HtmlParser().ParseDocument(html);
        return new BrowserForm(document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"no form '{formSelector}' on the page"));
    }

    /// <summary>Types into a field (or ticks a box): replaces its value, or adds it when the control was not sent.</summary>
    public BrowserForm Set(string name, string value)
    {
        _fields.RemoveAll(f => f.Key == name);
        _fields.Add(new(name, value));
        return this;
    }

    public bool Has(string name) => _fields.Any(f => f.Key == name);

    public FormUrlEncodedContent Content() => new(_fields);
}
