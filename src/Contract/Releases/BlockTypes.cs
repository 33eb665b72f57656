using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ContentPlatform.Contract.Releases;

/// <summary>
/// The registry of block types: every concrete <see cref="Block"/> in this assembly with a <see cref="BlockTypeAttribute"/>.
/// Checked once at start-up (unique names, every type marked); JSON uses it for the "type" discriminator.
/// </summary>
public static class BlockTypes
{
    private static readonly Lazy<IReadOnlyDictionary<string, Type>> ByName = new(Discover);

    public static IReadOnlyDictionary<string, Type> All => ByName.Value;

    public static string NameOf(Type blockType) =>
        blockType.GetCustomAttribute<BlockTypeAttribute>()?.Name
        ?? throw new InvalidOperationException($"{blockType.Name} has no [BlockType]");

    public static string NameOf(Block block) => NameOf(block.GetType());

    public static BlockTypeAttribute Describe(string name) =>
        All.TryGetValue(name, out var type) ? type.GetCustomAttribute<BlockTypeAttribute>()! :
        throw new KeyNotFoundException(name);

    private static Dictionary<string, Type> Discover()
    {
        var types = typeof(Block).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Block)) && !t.IsAbstract).ToList();
        var unmarked = types.Where(t => t.GetCustomAttribute<BlockTypeAttribute>() is null).Select(t => t.Name).ToList();
        if (unmarked.Count > 0)
        {
            throw new InvalidOperationException($"block types without [BlockType]: {string.Join(", ", unmarked)}");
        }
        var duplicates = types.GroupBy(NameOf).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidOperationException($"block type names used twice: {string.Join(", ", duplicates)}");
        }
        return types.ToDictionary(NameOf, t => t, StringComparer.Ordinal);
    }

    /// <summary>Adds the registered block types as polymorphic derived types of <see cref="Block"/>.</summary>
    internal static void AddPolymorphism(JsonTypeInfo info)
    {
        if (info.Type != typeof(Block))
        {
            return;
        }
        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = BlockJson.Discriminator,
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
            IgnoreUnrecognizedTypeDiscriminators = false,
        };
        foreach (var (name, type) in All.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
        }
    }
}

/// <summary>The one JSON shape of the contract: camelCase, enums as camelCase strings, no nulls, stable order.</summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: false);
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = indented };
        Apply(options);
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Gives other options (e.g. minimal APIs' request/response JSON) the contract's shape. HTTP APIs keep explicit
    /// nulls (<paramref name="omitNulls"/> false) so clients see every field; stored and published documents omit them.
    /// </summary>
    public static void Apply(JsonSerializerOptions options, bool omitNulls = true)
    {
        if (omitNulls)
        {
            options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        }
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { BlockTypes.AddPolymorphism } };
        options.AllowOutOfOrderMetadataProperties = true;
        options.RespectNullableAnnotations = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }
}
