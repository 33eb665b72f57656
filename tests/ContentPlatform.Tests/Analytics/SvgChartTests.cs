using System.Text.RegularExpressions;
using ContentPlatform.Delivery.Analytics;

namespace ContentPlatform.Tests.Analytics;

/// <summary>The indicator charts are drawn on the server as SVG; what they show must stay inside their own box.</summary>
public sealed partial class SvgChartTests
{
    [Fact]
    public void The_last_date_under_a_line_chart_ends_inside_the_chart_instead_of_being_cut_off()
    {
        var labels = new[] { "jun 26", "jul 26", "aug 26", "sep 26", "okt 26", "nov 26", "des 26" };
        var points = labels.Select(_ => new Cell(10, 10, false)).ToList();

        var svg = SvgCharts.Lines("caption", labels, [new ChartSeries("Aktive", points, SvgCharts.Blue, "none")]).ToString()!;

        // Centred on the chart's last point, 16 units from the right edge, "des 26" ran past the edge and read "des 2".
        var last = Assert.Single(LabelPattern().Matches(svg), m => m.Groups["text"].Value == "des 26");
        Assert.Equal("end", last.Groups["anchor"].Value);
        Assert.True(double.Parse(last.Groups["x"].Value, System.Globalization.CultureInfo.InvariantCulture) <= 480);
    }

    [GeneratedRegex("<text x=\"(?<x>[0-9.]+)\" y=\"[0-9.]+\" text-anchor=\"(?<anchor>[a-z]+)\">(?<text>[^<]+)</text>")]
    private static partial Regex LabelPattern();
}
