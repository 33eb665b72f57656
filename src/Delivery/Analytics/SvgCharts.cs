using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>One bar or point: its label and its (possibly suppressed) cell.</summary>
public sealed record ChartItem(string Label, Cell Cell);

/// <summary>One line of a line chart; <see cref="Dash"/> lets lines differ by more than colour (WCAG 1.4.1).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<Cell> Points, string Colour, string Dash);

/// <summary>
/// Server-rendered SVG charts: no script, print well, scale with the viewBox on a phone. Each is an image with a text
/// alternative (aria-labelledby its caption); the page puts the same numbers in a table beside it. Colours keep at
/// least 4.5:1 against white, so they pass for text and for graphics; a suppressed value is drawn as an outlined,
/// labelled placeholder, never as a zero.
/// </summary>
public static class SvgCharts
{
    public const string Blue = "#1d4f91";
    public const string Orange = "#9c3d0a";
    public const string Green = "#2d6a2d";
    private const string Ink = "#222222";
    private const string Grid = "#767676";

    /// <summary>Horizontal bars (a funnel reads top to bottom).</summary>
    public static IHtmlContent Bars(string labelledBy, IReadOnlyList<ChartItem> items, string suppressedText, string format = "0.#")
    {
        const int width = 480, labelWidth = 170, barMax = 220, row = 40;
        var height = items.Count * row + 10;
        var max = Math.Max(1, items.Where(i => i.Cell.Value is not null).Select(i => i.Cell.Value!.Value).DefaultIfEmpty(1).Max());
        var svg = Start(labelledBy, width, height);
        for (var i = 0; i < items.Count; i++)
        {
            var y = 5 + i * row;
            var item = items[i];
            svg.Append(Text(labelWidth - 8, y + 24, Shorten(item.Label, 15), "end"));
            if (item.Cell.Suppressed || item.Cell.Value is null)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 6}\" width=\"40\" height=\"26\" fill=\"none\" stroke=\"{Grid}\" stroke-dasharray=\"4 3\"/>");
                svg.Append(Text(labelWidth + 48, y + 24, item.Cell.Suppressed ? suppressedText : "–"));
                continue;
            }
            var w = Math.Max(2, barMax * item.Cell.Value.Value / max);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 6}\" width=\"{w:0.#}\" height=\"26\" fill=\"{Blue}\"/>");
            svg.Append(Text(labelWidth + w + 6, y + 24, item.Cell.Value.Value.ToString(format, CultureInfo.CurrentCulture)));
        }
        return End(svg);
    }

    /// <summary>Vertical columns (a distribution reads left to right, low to high).</summary>
    public static IHtmlContent Columns(string labelledBy, IReadOnlyList<ChartItem> items, string suppressedText)
    {
        const int width = 480, height = 260, top = 24, bottom = 210, left = 10;
        var slot = (width - left * 2) / Math.Max(1, items.Count);
        var max = Math.Max(1, items.Where(i => i.Cell.Value is not null).Select(i => i.Cell.Value!.Value).DefaultIfEmpty(1).Max());
        var svg = Start(labelledBy, width, height);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{width - left}\" y2=\"{bottom}\" stroke=\"{Grid}\"/>");
        for (var i = 0; i < items.Count; i++)
        {
            var x = left + i * slot + slot * 0.2;
            var w = slot * 0.6;
            var item = items[i];
            svg.Append(Text(x + w / 2, bottom + 22, item.Label, "middle"));
            if (item.Cell.Suppressed || item.Cell.Value is null)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{bottom - 30}\" width=\"{w:0.#}\" height=\"30\" fill=\"none\" stroke=\"{Grid}\" stroke-dasharray=\"4 3\"/>");
                svg.Append(Text(x + w / 2, bottom - 38, item.Cell.Suppressed ? suppressedText : "–", "middle"));
                continue;
            }
            var h = Math.Max(2, (bottom - top - 18) * item.Cell.Value.Value / max);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{bottom - h:0.#}\" width=\"{w:0.#}\" height=\"{h:0.#}\" fill=\"{Blue}\"/>");
            svg.Append(Text(x + w / 2, bottom - h - 6, item.Cell.Value.Value.ToString("0.#", CultureInfo.CurrentCulture), "middle"));
        }
        return End(svg);
    }

    /// <summary>Lines over time; a suppressed point breaks its line and shows as an open marker at the bottom.</summary>
    public static IHtmlContent Lines(string labelledBy, IReadOnlyList<string> xLabels, IReadOnlyList<ChartSeries> series)
    {
        const int width = 480, left = 44, right = 16, top = 16, bottom = 230;
        var height = bottom + 34 + series.Count * 24;
        var max = series.SelectMany(s => s.Points).Where(p => p.Value is not null).Select(p => p.Value!.Value).DefaultIfEmpty(1).Max();
        max = NiceCeiling(Math.Max(1, max));
        var step = xLabels.Count > 1 ? (width - left - right) / (double)(xLabels.Count - 1) : 0;
        double X(int i) => xLabels.Count > 1 ? left + i * step : (left + width - right) / 2.0;
        double Y(double v) => bottom - (bottom - top) * v / max;
        var svg = Start(labelledBy, width, height);
        foreach (var g in new[] { 0, max / 2, max })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{Y(g):0.#}\" x2=\"{width - right}\" y2=\"{Y(g):0.#}\" stroke=\"{Grid}\" stroke-width=\"0.5\"/>");
            svg.Append(Text(left - 6, Y(g) + 4, g.ToString("0.#", CultureInfo.CurrentCulture), "end"));
        }
        var every = Math.Max(1, (int)Math.Ceiling(xLabels.Count / 4.0));
        for (var i = 0; i < xLabels.Count; i += every)
        {
            // The last label ends at its point: centred there it would run past the right edge ("des 2").
            svg.Append(Text(X(i), bottom + 20, xLabels[i], i == xLabels.Count - 1 && i > 0 ? "end" : "middle"));
        }
        foreach (var s in series)
        {
            var run = new List<string>();
            void Flush()
            {
                if (run.Count > 1)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{s.Colour}\" stroke-width=\"2.5\" stroke-dasharray=\"{s.Dash}\" points=\"{string.Join(' ', run)}\"/>");
                }
                run.Clear();
            }
            for (var i = 0; i < s.Points.Count; i++)
            {
                if (s.Points[i].Value is { } v && !s.Points[i].Suppressed)
                {
                    run.Add(string.Create(CultureInfo.InvariantCulture, $"{X(i):0.#},{Y(v):0.#}"));
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(i):0.#}\" cy=\"{Y(v):0.#}\" r=\"3.5\" fill=\"{s.Colour}\"/>");
                }
                else
                {
                    Flush();
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(i):0.#}\" cy=\"{bottom}\" r=\"3.5\" fill=\"#ffffff\" stroke=\"{s.Colour}\"/>");
                }
            }
            Flush();
        }
        // Legend below the axis: a sample of each line's colour and dash, then its name.
        for (var i = 0; i < series.Count; i++)
        {
            var y = bottom + 44 + i * 24;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{y}\" x2=\"{left + 28}\" y2=\"{y}\" stroke=\"{series[i].Colour}\" stroke-width=\"2.5\" stroke-dasharray=\"{series[i].Dash}\"/>");
            svg.Append(Text(left + 36, y + 5, series[i].Name));
        }
        return End(svg);
    }

    private static double NiceCeiling(double v)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * magnitude >= v)
            {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static StringBuilder Start(string labelledBy, int width, int height) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg class=\"chart-svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{HtmlEncoder.Default.Encode(labelledBy)}\" ")
        .Append(CultureInfo.InvariantCulture, $"font-family=\"inherit\" font-size=\"19\" fill=\"{Ink}\" preserveAspectRatio=\"xMinYMin meet\">");

    private static HtmlString End(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static string Text(double x, double y, string text, string anchor = "start") =>
        string.Create(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{y:0.#}\" text-anchor=\"{anchor}\">{HtmlEncoder.Default.Encode(text)}</text>");

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
