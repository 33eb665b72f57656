using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ContentPlatform.Cms.Transfer.Files;

/// <summary>
/// Reads YAML into JSON nodes, remembering the line of every value, so the contract's own JSON deserialization does the
/// typing and an error at a JSON path can still be reported at a line of the author's file.
/// </summary>
internal static class YamlJson
{
    public sealed record Parsed(JsonNode? Root, Dictionary<string, int> Lines);

    /// <param name="firstLine">Line in the file where this YAML starts (for YAML inside a Markdown fence).</param>
    public static Parsed Parse(string yaml, string file, int firstLine = 1)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ContentFileException(new(file, firstLine - 1 + (int)e.Start.Line, $"YAML: {FirstSentence(e)}"));
        }
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0)
        {
            return new(null, lines);
        }
        var root = Convert(stream.Documents[0].RootNode, "$", lines, firstLine - 1);
        return new(root, lines);
    }

    /// <summary>The line for a JSON path like "$.items[2].value", or the nearest parent's.</summary>
    public static int LineOf(Parsed parsed, string? path)
    {
        for (var p = path ?? "$"; p.Length > 0;)
        {
            if (parsed.Lines.TryGetValue(p, out var line))
            {
                return line;
            }
            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            if (cut <= 0)
            {
                break;
            }
            p = p[..cut];
        }
        return parsed.Lines.GetValueOrDefault("$", 1);
    }

    private static JsonNode? Convert(YamlNode node, string path, Dictionary<string, int> lines, int offset)
    {
        lines[path] = offset + (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? "";
                    obj[name] = Convert(value, $"{path}.{name}", lines, offset);
                }
                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                var i = 0;
                foreach (var item in seq.Children)
                {
                    array.Add(Convert(item, $"{path}[{i++}]", lines, offset));
                }
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    /// <summary>Plain scalars become numbers, booleans or null where they look like one; quoted ones stay strings.</summary>
    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.Plain)
        {
            if (text is "" or "~" or "null")
            {
                return null;
            }
            if (text is "true" or "false")
            {
                return JsonValue.Create(text == "true");
            }
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return JsonValue.Create(integer);
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && text.Contains('.', StringComparison.Ordinal))
            {
                return JsonValue.Create(number);
            }
        }
        return JsonValue.Create(text);
    }

    private static string FirstSentence(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var paren = message.IndexOf("): ", StringComparison.Ordinal);
        return paren >= 0 ? message[(paren + 3)..] : message;
    }
}
