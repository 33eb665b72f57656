using ContentPlatform.Platform.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Themes;

/// <summary>
/// Section "Theme": which organisation themes from themes/ dress the patient site. A regional installation serves several
/// trusts, so the theme follows the organisation a program runs in (<c>Organisation</c> in the program's release);
/// <see cref="Name"/> dresses pages that belong to no organisation (the front page, sign-in) and unmapped organisations.
/// </summary>
public sealed class ThemeOptions
{
    public const string Section = "Theme";

    public string Name { get; set; } = "fjord";

    /// <summary>
    /// The default organisation's name (as programs name it): the one staff accounts are in unless another is chosen.
    /// Empty: the default theme's organisation name (its manifest's short_name).
    /// </summary>
    public string Organisation { get; set; } = "";

    /// <summary>Organisation (as programs name it) → theme, e.g. <c>Theme:Organisations:Helse Lyng = lyng</c>.</summary>
    public Dictionary<string, string> Organisations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Folder holding the themes; defaults to the copy beside the app (built from the repository's themes/).</summary>
    public string? Path { get; set; }
}

public static class ThemeSetup
{
    /// <summary>Path under which every theme's files are served: /themes/NAME/theme.css.</summary>
    public const string RequestPath = "/themes";

    public static WebApplicationBuilder AddThemes(this WebApplicationBuilder builder)
    {
        builder.Services.AddStartupOptions<ThemeOptions>(ThemeOptions.Section, Check);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ThemeOptions>>().Value;
            var root = RootOf(options);
            var byOrganisation = options.Organisations.ToDictionary(o => o.Key, o => SiteTheme.Read(o.Value, System.IO.Path.Combine(root, o.Value)), StringComparer.Ordinal);
            return new ThemeCatalog(root, SiteTheme.Read(options.Name, System.IO.Path.Combine(root, options.Name)), byOrganisation, options.Organisation.Trim());
        });
        builder.Services.AddScoped<ThemeResolver>();
        return builder;
    }

    /// <summary>Serves the themes' files (CSS, logo, icons, web manifest) under /themes/NAME/.</summary>
    public static WebApplication UseThemeFiles(this WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<ThemeCatalog>();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(catalog.Root),
            RequestPath = RequestPath,
        });
        return app;
    }

    private static string RootOf(ThemeOptions options) =>
        System.IO.Path.GetFullPath(options.Path ?? System.IO.Path.Combine(AppContext.BaseDirectory, "themes"));

    /// <summary>Every theme the settings name must exist, or the app refuses to start (naming the setting).</summary>
    private static SettingProblem? Check(ThemeOptions options, IHostEnvironment environment)
    {
        var root = RootOf(options);
        var named = options.Organisations.Select(o => (Setting: $"Theme:Organisations:{o.Key}", Name: o.Value))
            .Prepend(("Theme:Name", options.Name));
        foreach (var (setting, name) in named)
        {
            if (name.Length == 0 || name.IndexOfAny(['/', '\\', '.']) >= 0 || !File.Exists(System.IO.Path.Combine(root, name, "theme.css")))
            {
                var known = Directory.Exists(root)
                    ? string.Join(", ", Directory.GetDirectories(root).Select(System.IO.Path.GetFileName))
                    : "(none: the folder is missing)";
                return new(setting, $"no theme '{name}' with a theme.css in '{root}'. Known themes: {known}.");
            }
        }
        return null;
    }
}
