using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.Programs.Changes;

/// <summary>One setting that differs: its field path ("options[b].correct") and the values before and after (JSON).</summary>
public sealed record SettingChange(ChangeKind Kind, string Field, string? Before, string? After);

/// <summary>
/// Every value that is not a text, compared field by field over the content types themselves, so a new property on a
/// block or questionnaire is compared without anyone remembering to list it. Texts (<see cref="LocalizedText"/>) are
/// left to the text comparison; lists of things with an id are matched by id, other lists by position.
/// </summary>
public static class SettingsDiff
{
    public static IReadOnlyList<SettingChange> Compare(object? before, object? after, params string[] skip)
    {
        var changes = new List<SettingChange>();
        if (before is not null && after is not null && before.GetType() != after.GetType())
        {
            changes.Add(new(ChangeKind.Changed, "type", before.GetType().Name, after.GetType().Name));
            return changes;
        }
        Walk(before, after, "", changes, skip);
        return changes;
    }

    private static void Walk(object? a, object? b, string path, List<SettingChange> changes, string[] skip)
    {
        var sample = a ?? b;
        if (sample is null || sample is LocalizedText)
        {
            return;
        }
        var type = sample.GetType();
        if (IsLeaf(type) || (sample is IEnumerable list && sample is not IDictionary && ElementsAreLeaves(list)))
        {
            var (x, y) = (Value(a), Value(b));
            if (x != y)
            {
                changes.Add(new(x is null ? ChangeKind.Added : y is null ? ChangeKind.Removed : ChangeKind.Changed, path, x, y));
            }
            return;
        }
        if (a is null || b is null)
        {
            changes.Add(new(a is null ? ChangeKind.Added : ChangeKind.Removed, path, null, null));
            return;
        }
        switch (sample)
        {
            case IDictionary:
                var da = (IDictionary)a;
                var db = (IDictionary)b;
                foreach (var key in da.Keys.Cast<object>().Union(db.Keys.Cast<object>()).OrderBy(k => k.ToString(), StringComparer.Ordinal))
                {
                    Walk(da.Contains(key) ? da[key] : null, db.Contains(key) ? db[key] : null, $"{path}[{key}]", changes, skip);
                }
                break;
            case IEnumerable:
                var la = ((IEnumerable)a).Cast<object?>().ToList();
                var lb = ((IEnumerable)b).Cast<object?>().ToList();
                if (la.Concat(lb).All(e => Id(e) is not null))
                {
                    var ids = la.Select(Id).Concat(lb.Select(Id)).Distinct(StringComparer.Ordinal);
                    foreach (var id in ids)
                    {
                        Walk(la.FirstOrDefault(e => Id(e) == id), lb.FirstOrDefault(e => Id(e) == id), $"{path}[{id}]", changes, skip);
                    }
                }
                else
                {
                    for (var i = 0; i < Math.Max(la.Count, lb.Count); i++)
                    {
                        Walk(i < la.Count ? la[i] : null, i < lb.Count ? lb[i] : null, $"{path}[{i}]", changes, skip);
                    }
                }
                break;
            default:
                foreach (var property in Properties(type).Where(p => path.Length > 0 || !skip.Contains(p.Name)))
                {
                    var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                    Walk(property.GetValue(a), property.GetValue(b), path.Length == 0 ? name : $"{path}.{name}", changes, skip);
                }
                break;
        }
    }

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "Id"
                && p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .OrderBy(p => p.MetadataToken);

    private static bool IsLeaf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
            || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(TimeSpan) || type == typeof(Guid);
    }

    private static bool ElementsAreLeaves(IEnumerable list) =>
        list.GetType().GetInterfaces().Concat([list.GetType()])
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .Select(i => i.GetGenericArguments()[0]).Any(IsLeaf);

    /// <summary>A value as the content's JSON writes it ("tip", "true", "3"); a list of values as one comma-separated value.</summary>
    private static string? Value(object? value) => value switch
    {
        null => null,
        string s => s,
        IEnumerable list => string.Join(", ", list.Cast<object?>().Select(Value)),
        _ => JsonSerializer.Serialize(value, value.GetType(), ContractJson.Options).Trim('"'),
    };

    private static string? Id(object? element) =>
        element?.GetType().GetProperty("Id") is { PropertyType: var t } p && t == typeof(string) ? (string?)p.GetValue(element) : null;
}
