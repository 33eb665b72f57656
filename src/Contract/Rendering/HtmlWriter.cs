using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ContentPlatform.Contract.Rendering;

/// <summary>A small HTML builder: every text goes through one encoder that leaves æ, ø and å as themselves.</summary>
public sealed class HtmlWriter
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly StringBuilder _html;

    public HtmlWriter(StringBuilder? target = null) => _html = target ?? new StringBuilder();

    public static string Encode(string? text) => Encoder.Encode(text ?? string.Empty);

    /// <summary>Markup written as is; only for literals and output of the Markdown pipeline.</summary>
    public HtmlWriter Raw(string html)
    {
        _html.Append(html);
        return this;
    }

    public HtmlWriter Text(string? text)
    {
        _html.Append(Encode(text));
        return this;
    }

    /// <summary>An attribute with a leading space; nothing when the value is null.</summary>
    public HtmlWriter Attr(string name, string? value)
    {
        if (value is not null)
        {
            _html.Append(' ').Append(name).Append("=\"").Append(Encode(value)).Append('"');
        }
        return this;
    }

    public HtmlWriter Flag(string name, bool on)
    {
        if (on)
        {
            _html.Append(' ').Append(name);
        }
        return this;
    }

    public override string ToString() => _html.ToString();
}
