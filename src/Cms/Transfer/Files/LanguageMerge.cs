using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.Transfer.Files;

/// <summary>
/// Joins the nb and nn versions of one block (as read from the two page files) into one contract object, guided by the
/// block type's C# shape: <see cref="LocalizedText"/> properties take one value per language; string dictionaries (e.g.
/// captions) take one value per language; everything else (ids, values, correct answers, media) must be the same in
/// every language. Adding a block type needs no change here. <see cref="Split"/> is the reverse, for export.
/// </summary>
internal static class LanguageMerge
{
    public static JsonNode? Merge(Type type, IReadOnlyDictionary<string, JsonNode?> byLanguage, string path, List<(string Path, string Message)> errors)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(LocalizedText) || IsStringDictionary(type))
        {
            if (byLanguage.Values.All(v => v is null))
            {
                return null;
            }
            var text = new JsonObject();
            foreach (var (language, value) in byLanguage)
            {
                if (value is JsonValue v)
                {
                    text[language] = v.ToString();
                }
                else if (value is not null)
                {
                    errors.Add((path, $"expected a text in {language}"));
                }
            }
            return text;
        }
        if (ElementType(type) is { } element)
        {
            var arrays = byLanguage.ToDictionary(kv => kv.Key, kv => kv.Value as JsonArray);
            if (arrays.Values.All(a => a is null))
            {
                return null;
            }
            var counts = arrays.Select(a => a.Value?.Count ?? 0).Distinct().ToList();
            if (counts.Count > 1)
            {
                errors.Add((path, $"has {string.Join(" vs ", arrays.Select(a => $"{a.Value?.Count ?? 0} in {a.Key}"))}: the languages must list the same items"));
                return null;
            }
            var merged = new JsonArray();
            for (var i = 0; i < counts[0]; i++)
            {
                merged.Add(Merge(element, arrays.ToDictionary(a => a.Key, a => a.Value![i]), $"{path}[{i}]", errors));
            }
            return merged;
        }
        if (IsRecord(type))
        {
            var objects = byLanguage.ToDictionary(kv => kv.Key, kv => kv.Value as JsonObject);
            if (objects.Values.All(o => o is null))
            {
                return null;
            }
            var properties = Properties(type);
            foreach (var unknown in objects.Values.SelectMany(o => o?.Select(p => p.Key) ?? []).Distinct().Where(k => !properties.ContainsKey(k)))
            {
                errors.Add(($"{path}.{unknown}", $"is not a field of this block type (known: {string.Join(", ", properties.Keys.Where(k => k != "id"))})"));
            }
            var result = new JsonObject();
            foreach (var (name, property) in properties)
            {
                var value = Merge(property.PropertyType, objects.ToDictionary(o => o.Key, o => o.Value?[name]), $"{path}.{name}", errors);
                if (value is not null)
                {
                    result[name] = value;
                }
            }
            return result;
        }
        var distinct = byLanguage.Values.Select(v => v?.ToJsonString()).Distinct().ToList();
        if (distinct.Count > 1)
        {
            errors.Add((path, $"differs between languages ({string.Join(" vs ", byLanguage.Select(kv => $"{kv.Key}: {kv.Value?.ToJsonString() ?? "missing"}"))}); only texts may differ"));
        }
        return byLanguage.Values.First()?.DeepClone();
    }

    /// <summary>The text of <paramref name="language"/> only: the shape an author writes in one page file.</summary>
    public static JsonNode? Split(Type type, JsonNode? node, string language)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (node is null)
        {
            return null;
        }
        if (type == typeof(LocalizedText) || IsStringDictionary(type))
        {
            return node[language]?.DeepClone();
        }
        if (ElementType(type) is { } element && node is JsonArray array)
        {
            return new JsonArray(array.Select(item => Split(element, item, language)).ToArray());
        }
        if (IsRecord(type) && node is JsonObject obj)
        {
            var result = new JsonObject();
            foreach (var (name, property) in Properties(type))
            {
                if (obj[name] is { } child && Split(property.PropertyType, child, language) is { } value)
                {
                    result[name] = value;
                }
            }
            return result;
        }
        return node.DeepClone();
    }

    public static Dictionary<string, PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);

    private static bool IsStringDictionary(Type type) =>
        type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType &&
            i.GetGenericTypeDefinition() == typeof(IDictionary<,>) && i.GetGenericArguments().All(a => a == typeof(string)));

    private static Type? ElementType(Type type) =>
        type != typeof(string) && type.IsGenericType &&
        type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } e &&
        !IsStringDictionary(type) && !type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            ? e.GetGenericArguments()[0]
            : null;

    private static bool IsRecord(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && ElementType(type) is null && !IsStringDictionary(type);
}
