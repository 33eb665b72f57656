using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ContentPlatform.Cms.Transfer.Files;

/// <summary>
/// Writes JSON nodes as the YAML authors write by hand: block style, multi-line texts as literal blocks ("|"), strings
/// quoted only when YAML would otherwise read them as something else.
/// </summary>
internal static class YamlWriter
{
    public static string Write(JsonNode? node)
    {
        var sb = new StringBuilder();
        WriteNode(sb, node, 0, inSequence: false);
        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, JsonNode? node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject obj:
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!(first && inSequence))
                    {
                        sb.Append(' ', indent);
                    }
                    first = false;
                    sb.Append(key).Append(':');
                    WriteValue(sb, value, indent);
                }
                if (obj.Count == 0)
                {
                    sb.Append("{}\n");
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    sb.Append(' ', indent).Append("- ");
                    if (item is JsonObject { Count: > 0 })
                    {
                        WriteNode(sb, item, indent + 2, inSequence: true);
                    }
                    else
                    {
                        sb.Append(Scalar(item, indent + 2).TrimStart()).Append('\n');
                    }
                }
                break;
            default:
                sb.Append(Scalar(node, indent)).Append('\n');
                break;
        }
    }

    private static void WriteValue(StringBuilder sb, JsonNode? value, int indent)
    {
        if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            sb.Append('\n');
            WriteNode(sb, value, indent + 2, inSequence: false);
        }
        else if (value is JsonArray)
        {
            sb.Append(" []\n");
        }
        else if (value is JsonObject)
        {
            sb.Append(" {}\n");
        }
        else
        {
            sb.Append(' ').Append(Scalar(value, indent)).Append('\n');
        }
    }

    private static string Scalar(JsonNode? node, int indent)
    {
        if (node is null)
        {
            return "null";
        }
        var value = node.AsValue();
        if (value.TryGetValue<bool>(out var b))
        {
            return b ? "true" : "false";
        }
        if (value.TryGetValue<string>(out var text))
        {
            return Text(text, indent);
        }
        return value.ToJsonString(); // numbers
    }

    private static string Text(string text, int indent)
    {
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            var pad = new string(' ', indent + 2);
            var body = string.Join('\n', text.TrimEnd('\n').Split('\n').Select(l => l.Length == 0 ? "" : pad + l));
            return (text.EndsWith('\n') ? "|\n" : "|-\n") + body;
        }
        var needsQuotes = text.Length == 0 || text != text.Trim() || ":#{}[],&*!|>'\"%@`".Contains(text[0], StringComparison.Ordinal)
            || text.Contains(": ", StringComparison.Ordinal) || text.Contains(" #", StringComparison.Ordinal) || text.EndsWith(':')
            || text is "true" or "false" or "null" or "~" or "yes" or "no"
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        return needsQuotes ? "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : text;
    }
}
