using ContentPlatform.Platform.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

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
        builder.Services.AddStartupOptions<ThemeOptions>(ThemeOptions.Section, Check);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ThemeOptions>>().Value;
            return new ActiveTheme(options.Name, FolderOf(options));
        });
        return builder;
    }

    private static string RootOf(ThemeOptions options) =>
        System.IO.Path.GetFullPath(options.Path ?? System.IO.Path.Combine(AppContext.BaseDirectory, "themes"));

    private static string FolderOf(ThemeOptions options) => System.IO.Path.Combine(RootOf(options), options.Name);

    private static SettingProblem? Check(ThemeOptions options, IHostEnvironment environment)
    {
        if (File.Exists(System.IO.Path.Combine(FolderOf(options), "theme.css")))
        {
            return null;
        }
        var root = RootOf(options);
        var known = Directory.Exists(root)
            ? string.Join(", ", Directory.GetDirectories(root).Select(System.IO.Path.GetFileName))
            : "(none: the folder is missing)";
        return new("Theme:Name", $"no theme '{options.Name}' with a theme.css in '{root}'. Known themes: {known}.");
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
