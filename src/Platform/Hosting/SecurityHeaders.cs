using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// The response headers every page and API of both apps carries (docs/security.md lists each with its reason), HSTS and
/// Secure cookies over HTTPS, and the trusted proxies whose X-Forwarded-Proto/-For count (section "ForwardedHeaders").
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from our own files (no inline script, no event-handler attributes, no eval); styles from our files
    /// plus inline style, because the editor (EasyMDE/CodeMirror) and the charts write style attributes and a style cannot
    /// run script. Pictures, sound and video also from the media origins (the Cms, a media domain, Azure Blob).
    /// </summary>
    public static string ContentSecurityPolicy(IEnumerable<string> mediaOrigins, IEnumerable<string>? formOrigins = null)
    {
        var media = string.Concat(mediaOrigins.Distinct(StringComparer.OrdinalIgnoreCase).Select(o => " " + o));
        var forms = string.Concat((formOrigins ?? []).Distinct(StringComparer.OrdinalIgnoreCase).Select(o => " " + o));
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
               $"img-src 'self' data: blob:{media}; media-src 'self' blob:{media}; connect-src 'self'; font-src 'self'; " +
               "object-src 'none'; base-uri 'self'; " +
               $"form-action 'self'{forms}; frame-src 'none'; frame-ancestors 'none'";
    }

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), accelerometer=(), gyroscope=(), magnetometer=(), " +
        "fullscreen=(self), publickey-credentials-get=(self), publickey-credentials-create=(self)";

    /// <summary>Where media may come from besides this origin, from the settings each app already has (plus Security:MediaOrigins).</summary>
    public static IReadOnlyList<string> MediaOrigins(IConfiguration configuration)
    {
        var origins = new List<string>();
        foreach (var (setting, value) in configuration.GetSection("Security:MediaOrigins").GetChildren()
                     .Select(c => (c.Path, c.Value)))
        {
            origins.Add(OriginOf(value) ?? throw new StartupConfigurationException(setting,
                $"'{value}' is not an origin like https://media.example.no"));
        }
        // Delivery shows the Cms's media (Cms:BaseUrl); the Cms writes manifests with Media:PublicBaseUrl, and an Azure
        // store answers /media/… with a redirect to the blob endpoint, which the policy checks too.
        foreach (var setting in new[] { "Cms:BaseUrl", "Media:PublicBaseUrl", "Media:Azure:BlobEndpoint" })
        {
            if (OriginOf(configuration[setting]) is { } origin)
            {
                origins.Add(origin);
            }
        }
        if (configuration["Media:Azure:AccountName"] is { Length: > 0 } account &&
            string.IsNullOrWhiteSpace(configuration["Media:Azure:BlobEndpoint"]))
        {
            origins.Add($"https://{account}.blob.core.windows.net");
        }
        return origins;
    }

    /// <summary>
    /// Where a form may lead besides this origin: the national providers. "Logg inn med ID-porten/HelseID" and signing out
    /// are form posts that the app answers with a redirect to the provider, and browsers hold form-action to redirects
    /// too. The configured authorities are added; a provider whose login pages live on another host than its issuer
    /// (ID-porten: login.idporten.no) is named in Security:FormActionOrigins.
    /// </summary>
    public static IReadOnlyList<string> FormActionOrigins(IConfiguration configuration)
    {
        var origins = new List<string>();
        foreach (var (setting, value) in configuration.GetSection("Security:FormActionOrigins").GetChildren().Select(c => (c.Path, c.Value)))
        {
            origins.Add(OriginOf(value) ?? throw new StartupConfigurationException(setting, $"'{value}' is not an origin like https://login.idporten.no"));
        }
        foreach (var setting in new[] { "Authentication:IdPorten:Authority", "Authentication:HelseId:Authority" })
        {
            if (OriginOf(configuration[setting]) is { } origin)
            {
                origins.Add(origin);
            }
        }
        return origins;
    }

    private static string? OriginOf(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;

    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        var csp = ContentSecurityPolicy(MediaOrigins(builder.Configuration), FormActionOrigins(builder.Configuration));
        builder.Services.AddSingleton(new PolicyText(csp));
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false; // other services on sibling names of a health trust's domain are not ours to pin
        });
        builder.Services.Configure<CookiePolicyOptions>(o =>
        {
            // Every cookie (sign-in, antiforgery, culture, passkey ceremony) is Secure whenever the request is HTTPS, also
            // behind a proxy that ends TLS once X-Forwarded-Proto has been applied.
            o.Secure = CookieSecurePolicy.SameAsRequest;
            o.HttpOnly = HttpOnlyPolicy.None;
        });
        var (proxies, networks) = ReadProxies(builder.Configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (proxies.Count + networks.Count > 0)
            {
                // Configured: exactly these. Otherwise the defaults: a proxy on this host (loopback) only.
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                proxies.ForEach(o.KnownProxies.Add);
                networks.ForEach(o.KnownIPNetworks.Add);
            }
        });
        return builder;
    }

    /// <summary>ForwardedHeaders:KnownProxies:N (addresses) and ForwardedHeaders:KnownNetworks:N (CIDR), checked at start-up.</summary>
    public static (List<IPAddress> Proxies, List<System.Net.IPNetwork> Networks) ReadProxies(IConfiguration configuration)
    {
        var proxies = new List<IPAddress>();
        foreach (var child in configuration.GetSection("ForwardedHeaders:KnownProxies").GetChildren())
        {
            proxies.Add(IPAddress.TryParse(child.Value, out var ip) ? ip : throw new StartupConfigurationException(child.Path,
                $"'{child.Value}' is not an IP address like 10.0.0.5"));
        }
        var networks = new List<System.Net.IPNetwork>();
        foreach (var child in configuration.GetSection("ForwardedHeaders:KnownNetworks").GetChildren())
        {
            networks.Add(System.Net.IPNetwork.TryParse(child.Value, out var network) ? network : throw new StartupConfigurationException(
                child.Path, $"'{child.Value}' is not a network like 10.0.0.0/8"));
        }
        return (proxies, networks);
    }

    /// <summary>First in the pipeline: every answer, errors and static files included, carries the headers.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseForwardedHeaders();
        var csp = app.Services.GetRequiredService<PolicyText>().Value;
        app.Use((context, next) =>
        {
            // When the answer starts, not now: the exception handler clears the headers of a failed request, and an
            // endpoint may set a stricter policy of its own (documents get a sandbox).
            var response = context.Response;
            response.OnStarting(() =>
            {
                var headers = response.Headers;
                headers.TryAdd("Content-Security-Policy", csp);
                headers.XContentTypeOptions = "nosniff";
                headers.TryAdd("Referrer-Policy", "same-origin"); // the draft preview sends none at all
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseHsts(); // only over HTTPS (after X-Forwarded-Proto), never for localhost
        app.UseCookiePolicy();
        return app;
    }

    private sealed record PolicyText(string Value);
}
