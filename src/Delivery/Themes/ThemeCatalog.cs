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

/// <summary>The themes the settings name, checked at start: the default one and one per mapped organisation.</summary>
public sealed class ThemeCatalog(string root, SiteTheme fallback, IReadOnlyDictionary<string, SiteTheme> byOrganisation)
{
    public string Root { get; } = root;
    public SiteTheme Default { get; } = fallback;

    public SiteTheme For(string? organisation) =>
        organisation is not null && byOrganisation.TryGetValue(organisation, out var theme) ? theme : Default;
}
