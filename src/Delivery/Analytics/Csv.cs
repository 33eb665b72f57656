using System.Text;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>RFC 4180 CSV lines; a leading =, +, @ or tab (when not a number) is neutralised so a spreadsheet never runs a cell as a formula.</summary>
public static class Csv
{
    public static void Line(StringBuilder sb, IEnumerable<string> values)
    {
        sb.AppendJoin(',', values.Select(Escape));
        sb.Append("\r\n");
    }

    private static string Escape(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '@' or '\t' or '\r' && !double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
