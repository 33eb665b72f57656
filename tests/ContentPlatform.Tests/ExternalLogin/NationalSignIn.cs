using System.Diagnostics;
using System.Net;
using ContentPlatform.Cms;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.DemoIdp;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace ContentPlatform.Tests.ExternalLogin;

/// <summary>
/// An app wired to the real demo provider(s) (tools/DemoIdp on a loopback port), with every log line it writes (at Trace)
/// kept for inspection, and optionally its spans. The app itself runs in memory at http://localhost, which is the
/// redirect URI the provider knows it by.
/// </summary>
internal sealed class NationalApp<TEntry>(TestDatabase database, IDictionary<string, string?> settings, bool traced)
    : AppFactory<TEntry>(database, settings) where TEntry : class
{
    private readonly List<string> _log = [];
    private readonly List<Activity> _spans = [];

    public List<string> Log()
    {
        lock (_log)
        {
            return [.. _log];
        }
    }

    public List<Activity> Spans()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListLoggerProvider(_log)));
        if (traced)
        {
            builder.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans)));
        }
    }

    private sealed class ListLoggerProvider(List<string> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(log, categoryName);

        public void Dispose()
        {
        }
    }

    /// <summary>Keeps the formatted message and every structured value, so nothing hides in a property.</summary>
    private sealed class ListLogger(List<string> log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lock (log)
            {
                log.Add($"{category} {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}

/// <summary>Starts the demo provider and an app configured for it, and drives a national sign-in over plain HTTP.</summary>
internal static class NationalSignIn
{
    public const string PidKey = "test-only-pid-key-0123456789abcdef0123456789";
    public const string Secret = "test-secret";

    public static DemoClient Client(string clientId, string callbackPath) =>
        new(clientId, $"http://localhost{callbackPath}", "http://localhost/", Secret);

    public static Task<DemoIdpServer> IdPortenAsync(bool faults = true) =>
        DemoIdpServer.StartAsync(Flavours.IdPorten, faults, Client("delivery-idporten", "/signin-idporten"));

    public static Task<DemoIdpServer> HelseIdAsync(string clientId = "delivery-helseid") =>
        DemoIdpServer.StartAsync(Flavours.HelseId, false, Client(clientId, "/signin-helseid"));

    public static Dictionary<string, string?> Settings(DemoIdpServer? idporten, DemoIdpServer? helseid, string? acr = null)
    {
        var settings = new Dictionary<string, string?>();
        if (idporten is not null)
        {
            settings["Authentication:IdPorten:Authority"] = idporten.Authority;
            settings["Authentication:IdPorten:ClientId"] = "delivery-idporten";
            settings["Authentication:IdPorten:ClientSecret"] = Secret;
            settings["Authentication:IdPorten:RequireHttpsMetadata"] = "false";
            settings["Identity:PidKey"] = PidKey;
            if (acr is not null)
            {
                settings["Authentication:IdPorten:AcrValues"] = acr;
            }
        }
        if (helseid is not null)
        {
            settings["Authentication:HelseId:Authority"] = helseid.Authority;
            settings["Authentication:HelseId:ClientId"] = "delivery-helseid";
            settings["Authentication:HelseId:ClientSecret"] = Secret;
            settings["Authentication:HelseId:RequireHttpsMetadata"] = "false";
        }
        return settings;
    }

    public static async Task<NationalApp<DeliveryApp>> DeliveryAsync(Db db, DemoIdpServer? idporten, DemoIdpServer? helseid = null,
        string? acr = null, bool traced = false)
    {
        var settings = Settings(idporten, helseid, acr);
        if (traced)
        {
            settings["Telemetry:Enabled"] = "true";
        }
        var app = new NationalApp<DeliveryApp>(await TestDatabase.CreateAsync(db, "delivery"), settings, traced);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        return app;
    }

    public static async Task<NationalApp<CmsApp>> CmsAsync(Db db, DemoIdpServer helseid)
    {
        var settings = Settings(null, helseid);
        settings["Authentication:HelseId:ClientId"] = "cms-helseid";
        return new NationalApp<CmsApp>(await TestDatabase.CreateAsync(db, "cms"), settings, traced: false);
    }

    public static HttpClient Browser<T>(this AppFactory<T> app, string language = "nb") where T : class
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    /// <summary>One national sign-in: the button, the provider's login page, the callback. Returns where the app sends the browser.</summary>
    /// <param name="tamper">Changes the authorization request on its way through the browser (an attacker's edit).</param>
    public static async Task<SignInResult> SignInAsync(HttpClient app, DemoLogin login, string provider = "idporten",
        string? invitation = null, string? course = null, Func<Uri, Uri>? tamper = null)
    {
        var token = await app.AntiforgeryTokenAsync("/account/login");
        var challenge = await app.PostFormAsync("/account/external", ("__RequestVerificationToken", token), ("provider", provider),
            ("invitation", invitation ?? ""), ("course", course ?? ""));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        using var browser = OidcFlow.NewBrowser();
        var authorize = challenge.Headers.Location!;
        var callback = await OidcFlow.LoginAsync(browser, tamper?.Invoke(authorize) ?? authorize, login);
        return new SignInResult(callback, await FollowAsync(app, callback.PathAndQuery));
    }

    /// <summary>Follows the app's own redirects through the callback and /account/external; stops at the first page elsewhere.</summary>
    public static async Task<string> FollowAsync(HttpClient app, string url)
    {
        for (var hop = 0; hop < 5; hop++)
        {
            var response = await app.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{url} answered {(int)response.StatusCode}");
            url = response.Headers.Location!.OriginalString;
            if (!url.StartsWith("/signin-", StringComparison.Ordinal) && !url.StartsWith("/account/external", StringComparison.Ordinal))
            {
                return url;
            }
        }
        throw new InvalidOperationException("too many redirects");
    }

    public static async Task<(int Users, int Logins)> CountAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        return (await db.Users.CountAsync(), await db.UserLogins.CountAsync());
    }
}

/// <summary>The provider's callback URL (to replay it) and where the app finally sent the browser.</summary>
internal sealed record SignInResult(Uri Callback, string Landed);
