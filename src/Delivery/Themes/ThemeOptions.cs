using ContentPlatform.Platform.Hosting;
using Microsoft.Extensions.FileProviders;

namespace ContentPlatform.Delivery.Themes;

/// <summary>Section "Theme": which organisation theme from themes/ dresses the patient site.</summary>
public sealed class ThemeOptions
{
    public const string Section = "Theme";

    public string Name { get; set; } = "fjord";

    /// <summary>Folder holding the themes; defaults to the copy beside the app (built from the repository's themes/).</summary>
    public string? Path { get; set; }
}

public static class ThemeSetup
{
    public static WebApplicationBuilder AddThemes(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ThemeOptions.Section).Get<ThemeOptions>() ?? new();
        var root = System.IO.Path.GetFullPath(options.Path ?? System.IO.Path.Combine(AppContext.BaseDirectory, "themes"));
        var folder = System.IO.Path.Combine(root, options.Name);
        if (!File.Exists(System.IO.Path.Combine(folder, "theme.css")))
        {
            var known = Directory.Exists(root)
                ? string.Join(", ", Directory.GetDirectories(root).Select(System.IO.Path.GetFileName))
                : "(none: the folder is missing)";
            throw new StartupConfigurationException("Theme:Name",
                $"no theme '{options.Name}' with a theme.css in '{root}'. Known themes: {known}.");
        }
        builder.Services.AddSingleton(new ActiveTheme(options.Name, folder));
        return builder;
    }

    /// <summary>Serves the active theme's files (CSS, logo, fonts) under /theme/.</summary>
    public static WebApplication UseThemeFiles(this WebApplication app)
    {
        var theme = app.Services.GetRequiredService<ActiveTheme>();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(theme.Folder),
            RequestPath = "/theme",
        });
        return app;
    }
}

public sealed record ActiveTheme(string Name, string Folder);
