using System.Reflection;
using ContentPlatform.Delivery;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// Realtime offers the bus and instance signals; features subscribe and publish. It must not reach back into a feature
/// (the page cache, the care hub) — that is how the old bus and the features came to call each other.
/// </summary>
public sealed class RealtimeIsALeafTests
{
    private const string Realtime = "ContentPlatform.Delivery.Realtime";

    [Fact]
    public void No_type_in_Realtime_names_a_Delivery_feature_folder_in_its_signature()
    {
        var delivery = typeof(DeliveryApp).Assembly;
        var offending = delivery.GetTypes()
            .Where(t => t.Namespace == Realtime)
            .SelectMany(t => Referenced(t).Select(r => (From: t, To: r)))
            .Where(x => x.To.Assembly == delivery && x.To.Namespace is { } ns && ns.StartsWith("ContentPlatform.Delivery.", StringComparison.Ordinal) && ns != Realtime)
            .Select(x => $"{x.From.FullName} → {x.To.FullName}")
            .Distinct()
            .ToList();
        Assert.Empty(offending);
    }

    /// <summary>Base type, interfaces, fields, properties, constructor and method signatures, with generic arguments.</summary>
    private static IEnumerable<Type> Referenced(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(all).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }
            direct.AddRange(method.GetMethodBody()?.LocalVariables.Select(l => l.LocalType) ?? []);
        }
        return direct.OfType<Type>().SelectMany(Expand);
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        var element = type.HasElementType ? type.GetElementType()! : type;
        yield return element;
        if (element.IsGenericType)
        {
            foreach (var argument in element.GetGenericArguments().SelectMany(Expand))
            {
                yield return argument;
            }
        }
    }
}
