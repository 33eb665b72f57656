using System.Text.Json;

namespace ContentPlatform.Delivery.Themes;

/// <summary>
/// One organisation's look: its files are under <see cref="Url"/>; <see cref="OrganisationName"/> and
/// <see cref="Colour"/> come from the theme's web manifest (short_name, theme_color), so a trust states them once.
/// </summary>
public sealed record SiteTheme(string Name, string Folder, string? OrganisationName, string? Colour)
{
    public string Url(string file) => $"{ThemeSetup.RequestPath}/{Name}/{file}";

    public bool Has(string file) => File.Exists(Path.Combine(Folder, file));

    internal static SiteTheme Read(string name, string folder)
    {
        var manifest = Path.Combine(folder, "manifest.webmanifest");
        if (!File.Exists(manifest))
        {
            return new SiteTheme(name, folder, null, null);
        }
        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        return new SiteTheme(name, folder, Text(json.RootElement, "short_name"), Text(json.RootElement, "theme_color"));
    }

    private static string? Text(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// The themes the settings name, checked at start: the default one and one per mapped organisation. It also knows the
/// installation's organisations (docs/security.md, "Organisations"): the default one (<see cref="DefaultOrganisation"/>,
/// worn by <c>Theme:Name</c>) and each key of <c>Theme:Organisations</c>. An organisation is kept by its key: a mapped
/// name, or "" for the default one, so a program whose organisation has no theme of its own belongs to the default
/// organisation (its staff see its patients' red alerts), and an account stored before organisations existed is in it.
/// </summary>
public sealed class ThemeCatalog(string root, SiteTheme fallback, IReadOnlyDictionary<string, SiteTheme> byOrganisation, string defaultOrganisation)
{
    public string Root { get; } = root;
    public SiteTheme Default { get; } = fallback;

    /// <summary>The default organisation's name: <c>Theme:Organisation</c>, or the default theme's organisation name.</summary>
    public string DefaultOrganisation { get; } = defaultOrganisation.Length > 0 ? defaultOrganisation : fallback.OrganisationName ?? fallback.Name;

    /// <summary>The names of every organisation the installation knows, the default one first.</summary>
    public IReadOnlyList<string> OrganisationNames =>
        [DefaultOrganisation, .. byOrganisation.Keys.Where(k => k != DefaultOrganisation).Order(StringComparer.CurrentCulture)];

    public SiteTheme For(string? organisation) =>
        organisation is not null && byOrganisation.TryGetValue(organisation, out var theme) ? theme : Default;

    /// <summary>The key an organisation is kept by: its name if mapped to a theme, otherwise "" (the default organisation).</summary>
    public string KeyOf(string? organisation) =>
        organisation is not null && organisation != DefaultOrganisation && byOrganisation.ContainsKey(organisation) ? organisation : "";

    /// <summary>The key of a name a person typed or chose; false for a name the installation does not know.</summary>
    public bool TryKeyOfName(string? name, out string key)
    {
        key = name is null ? "" : KeyOf(name.Trim());
        return name is not null && (name.Trim() == DefaultOrganisation || key.Length > 0);
    }

    public string NameOf(string? organisation) => KeyOf(organisation) is { Length: > 0 } key ? key : DefaultOrganisation;
}
