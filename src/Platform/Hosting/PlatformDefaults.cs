using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Platform.Hosting;

/// <summary>Cross-cutting set-up both apps share: logging, ProblemDetails, nb/nn localization.</summary>
public static class PlatformDefaults
{
    /// <summary>Bokmål first: the default for a visitor whose browser names neither language.</summary>
    public static readonly CultureInfo[] Cultures = [new("nb"), new("nn")];

    /// <summary>
    /// Each app keeps its own language cookie (".ContentPlatform.Cms.Culture", ".ContentPlatform.Delivery.Culture"): with
    /// both apps on one host name (localhost, or one domain behind a proxy) a browser sends every cookie to both, since
    /// cookies are not isolated by port, and previewing a program in nynorsk in Delivery must not switch the Cms's own
    /// language.
    /// </summary>
    public static string CultureCookieOf(IHostEnvironment environment) => $".{environment.ApplicationName}.Culture";

    public static WebApplicationBuilder AddPlatformDefaults(this WebApplicationBuilder builder)
    {
        // Structured logs: one JSON object per line in production, readable text while developing.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }

        // Emit æ, ø, å as themselves rather than as &#xE5; entities: smaller pages, readable source.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddProblemDetails();
        BadRequestProblems.AddBadRequestProblems(builder.Services);
        builder.AddSecurityHeaders();
        // The one clock every feature asks for (registered here only; a test that needs another clock replaces it).
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddNorwegianTime();
        builder.Services.ConfigureHttpJsonOptions(o => ContentPlatform.Contract.Releases.ContractJson.Apply(o.SerializerOptions, omitNulls: false));
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        SharedStrings.AddSharedStrings(builder.Services);
        var cultureCookie = new CultureCookie(CultureCookieOf(builder.Environment));
        builder.Services.AddSingleton(cultureCookie);
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider { CookieName = cultureCookie.Name },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    /// <summary>
    /// API and health requests get RFC 7807 ProblemDetails; pages for people get the localized error page at
    /// <paramref name="errorPagePath"/>. Never a stack trace outside Development.
    /// </summary>
    public static WebApplication UsePlatformDefaults(this WebApplication app, string errorPagePath = "/Error")
    {
        // Shared scripts (src/Platform/wwwroot, embedded) are served beside the app's own files, with the same
        // asp-append-version hashes; the app's own file of the same name would win.
        app.Environment.WebRootFileProvider = new CompositeFileProvider(app.Environment.WebRootFileProvider,
            new EmbeddedFileProvider(typeof(PlatformDefaults).Assembly, "ContentPlatform.Platform.wwwroot"));
        app.UseSecurityHeaders();
        app.UseRequestLog();
        app.UseWhen(c => IsMachineRequest(c.Request.Path), b =>
        {
            b.UseExceptionHandler();
            b.UseStatusCodePages();
        });
        // Pages for people: localized error pages and static files. Machine requests (the content API under load) skip
        // both: they answer in ProblemDetails and never need a file-system probe.
        app.UseWhen(c => !IsMachineRequest(c.Request.Path), b =>
        {
            if (!app.Environment.IsDevelopment())
            {
                b.UseExceptionHandler(errorPagePath);
            }
            b.UseStatusCodePagesWithReExecute(errorPagePath, "?code={0}");
            b.UseStaticFiles();
        });
        // Browser-called APIs (autosave, messages) answer in the user's language too.
        app.UseRequestLocalization();
        return app;
    }

    public static bool IsMachineRequest(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/health") || path.StartsWithSegments("/hubs");
}
